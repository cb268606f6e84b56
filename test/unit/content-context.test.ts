// The content script's ContentScriptContext (utils/content/context.ts, swapped in for WXT's by wxt.config.ts):
// it must speak WXT's start/stop protocol exactly, so that after an extension update the old copy on a page
// (whichever of the two implementations it runs) stops when the new one starts.
import { JSDOM } from 'jsdom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { ContentScriptContext } from '../../utils/content/context';

beforeEach(() => {
  // The content script runs in the page: its document, window and event classes.
  const { window } = new JSDOM('<!doctype html><p>page</p>', { url: 'https://arxiv.org/list/cs.CL/recent' });
  vi.stubGlobal('window', window);
  vi.stubGlobal('document', window.document);
  vi.stubGlobal('CustomEvent', window.CustomEvent);
});

const live: { abort?: (reason?: unknown) => void; signal: AbortSignal }[] = [];
const track = <T extends { signal: AbortSignal }>(ctx: T) => (live.push(ctx), ctx);
afterEach(() => {
  // Stop every context a test made so none reacts to the next test's.
  track(new ContentScriptContext('content'));
  track(new ContentScriptContext('other'));
  live.length = 0;
});

describe('content script context', () => {
  it("announces its start with WXT's event name and payload, on document and as a window message", async () => {
    const type = `${browser.runtime.id}:content:wxt:content-script-started`;
    const seen: unknown[] = [];
    const onEvent = (e: Event) => seen.push((e as CustomEvent).detail);
    document.addEventListener(type, onEvent);
    const message = new Promise<MessageEvent>((resolve) => window.addEventListener('message', resolve, { once: true }));
    track(new ContentScriptContext('content'));
    document.removeEventListener(type, onEvent);
    expect(seen).toEqual([{ contentScriptName: 'content', messageId: expect.stringMatching(/^[a-z0-9]+$/) }]);
    const { data } = await message;
    expect(data).toEqual({ type, contentScriptName: 'content', messageId: (seen[0] as { messageId: string }).messageId });
  });

  it('stops when a newer copy of the same script starts, not before, and not for another script', () => {
    const old = track(new ContentScriptContext('content'));
    expect(old.signal.aborted).toBe(false);
    const other = track(new ContentScriptContext('other'));
    expect(old.signal.aborted).toBe(false);
    const next = track(new ContentScriptContext('content'));
    expect(old.signal.aborted).toBe(true);
    expect(next.signal.aborted).toBe(false);
    expect(other.signal.aborted).toBe(false);
  });

  it("understands WXT's own context both ways (a page with copies from before and after an update)", async () => {
    // WXT names its events after the entrypoint, which the build defines (and the wrapper passes to the context
    // as its name); its class computes the name when its module loads.
    vi.stubEnv('ENTRYPOINT', 'content');
    const { ContentScriptContext: WxtContext } = await import('wxt/utils/content-script-context');
    const ours = track(new ContentScriptContext('content'));
    const wxt = track(new WxtContext('content'));
    expect(ours.signal.aborted).toBe(true);
    expect(wxt.signal.aborted).toBe(false);
    const oursAgain = track(new ContentScriptContext('content'));
    expect(wxt.signal.aborted).toBe(true);
    expect(oursAgain.signal.aborted).toBe(false);
  });
});
