// The message client: a request cut off because the service worker stopped reads as a plain sentence, not as
// Chrome's internal wording; other failures pass through unchanged.
import { afterEach, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { request, requestImport } from '../../utils/api';

const real = fakeBrowser.runtime.sendMessage;
afterEach(() => {
  fakeBrowser.runtime.sendMessage = real;
});

it.each([
  'A listener indicated an asynchronous response by returning true, but the message channel closed before a response was received',
  'The message port closed before a response was received.',
  'Could not establish connection. Receiving end does not exist.',
])('"%s" becomes a clear message', async (chrome) => {
  fakeBrowser.runtime.sendMessage = (async () => {
    throw new Error(chrome);
  }) as typeof real;
  await expect(request({ type: 'status' })).rejects.toThrow(/^PaperLens stopped before it answered, so this may not have been done\. Please try again\.$/);
  // Imports are one transaction each: cut off, nothing was written, and the message says so.
  await expect(requestImport({ type: 'importText', name: 'a.bib', text: '' })).rejects.toThrow(/^PaperLens stopped before it answered, so this was not done \(an import .* Please try again\.$/);
  await expect(requestImport({ type: 'importLibrary', name: 'a.json', text: '' })).rejects.toThrow(/so this was not done \(an import/);
});

it('other errors and {ok:false} answers are passed through', async () => {
  fakeBrowser.runtime.sendMessage = (async () => {
    throw new Error('something else');
  }) as typeof real;
  await expect(request({ type: 'status' })).rejects.toThrow('something else');
  fakeBrowser.runtime.sendMessage = (async () => ({ ok: false, error: 'refused' })) as typeof real;
  await expect(request({ type: 'status' })).rejects.toThrow('refused');
});
