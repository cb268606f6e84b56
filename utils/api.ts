// Typed client of the background's message API, for the content script, popup and options.
import { browser } from 'wxt/browser';
import type { Ok, Request, RequestType, Response } from './messages';

export async function request<T extends RequestType>(req: Request<T>): Promise<Ok<T>> {
  const res = (await browser.runtime.sendMessage(req)) as Response<T> | undefined;
  if (!res) throw new Error('PaperLens did not answer (its background is not running)');
  if (!res.ok) throw new Error(res.error);
  return res;
}
