import { useEffect, useRef } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { isLibraryChanged, isSavedChanged } from '../utils/messages';

/**
 * Calls `refresh` once on mount and again whenever the background says the saved library changed
 * (`savedChanged` for one paper, `libraryChanged` after an import, clear or restore), from any tab or page.
 * The latest `refresh` is used, so callers need not memoise it.
 */
export function useLibraryChanges(refresh: () => unknown): void {
  const latest = useRef(refresh);
  latest.current = refresh;
  useEffect(() => {
    void latest.current();
    const onMessage = (msg: unknown) => {
      if (isSavedChanged(msg) || isLibraryChanged(msg)) void latest.current();
      return undefined;
    };
    browser.runtime.onMessage.addListener(onMessage);
    return () => browser.runtime.onMessage.removeListener(onMessage);
  }, []);
}
