// `wxt/utils/content-script-context` for the content script build (wxt.config.ts aliases it here): the
// part of WXT 0.21's ContentScriptContext this extension uses, ~0.5 kB gzip smaller. The content
// script only reads `ctx.signal` (entrypoints/content.ts); WXT's wrapper constructs the context with
// the entrypoint's name. Kept, with WXT's event name and payload so copies of other versions (before
// or after an update) understand each other: at start the script announces itself (a CustomEvent on
// `document` and a window message, `<extension id>:<name>:wxt:content-script-started`), and it stops
// (aborts `signal`) when a newer copy announces itself. Left out: the ctx.setTimeout/… wrappers and the
// location watcher, which nothing here calls. test/unit/content-context.test.ts checks both halves.
import { browser } from 'wxt/browser';

export class ContentScriptContext {
  readonly signal: AbortSignal;

  constructor(contentScriptName: string) {
    const controller = new AbortController();
    this.signal = controller.signal;
    const messageId = Math.random().toString(36).slice(2);
    const type = `${browser?.runtime?.id}:${contentScriptName}:wxt:content-script-started`;
    const detail = { contentScriptName, messageId };
    document.dispatchEvent(new CustomEvent(type, { detail }));
    window.postMessage({ type, ...detail }, '*');
    const onStarted = (event: Event) => {
      const d = (event as CustomEvent<typeof detail | undefined>).detail;
      if (event instanceof CustomEvent && d?.contentScriptName === contentScriptName && d.messageId !== messageId) {
        document.removeEventListener(type, onStarted);
        controller.abort('Content script context invalidated');
      }
    };
    document.addEventListener(type, onStarted);
  }
}
