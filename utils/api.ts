// Typed client of the background's message API, for the content script, popup and options.
import { browser } from 'wxt/browser';
import type { Ok, Request, RequestType, Response } from './messages';

/** Sends a request; a reply with `ok: false` becomes an Error with its message. */
export function request<T extends RequestType>(req: Request<T>): Promise<Ok<T>> {
  return send(req, 'this may not have been done');
}

/**
 * For imports (importText, importLibrary): one transaction each, so one cut off by a worker stop wrote nothing,
 * and the message says so. Apart from that wording it is `request` (kept apart so the content script, which
 * never imports, does not ship the sentence).
 */
export function requestImport<T extends 'importText' | 'importLibrary'>(req: Request<T>): Promise<Ok<T>> {
  return send(req, 'this was not done (an import is written all at once or not at all)');
}

async function send<T extends RequestType>(req: Request<T>, cutOff: string): Promise<Ok<T>> {
  let res: Response<T> | undefined;
  try {
    res = (await browser.runtime.sendMessage(req)) as Response<T> | undefined;
  } catch (e) {
    // Chrome's wording when the service worker was stopped (or crashed) before it answered.
    if (/message channel closed|message port closed|Could not establish connection/i.test((e as Error)?.message ?? '')) {
      throw new Error(`PaperLens stopped before it answered, so ${cutOff}. Please try again.`);
    }
    throw e;
  }
  if (!res) throw new Error('PaperLens did not answer (its background is not running)');
  if (!res.ok) throw new Error(res.error);
  return res;
}
