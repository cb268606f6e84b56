// Footer line: the keyboard shortcut that opens this popup, as the browser reports it (the user may have changed
// or removed it in the browser's shortcut settings).
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';

export const OPEN_POPUP_COMMANDS = ['_execute_action', '_execute_browser_action'];

export function Shortcut() {
  const [shortcut, setShortcut] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    const commands = (browser as { commands?: typeof browser.commands }).commands;
    if (!commands?.getAll) return setShortcut(null);
    void commands.getAll().then(
      (all) => setShortcut(all.find((c) => c.name && OPEN_POPUP_COMMANDS.includes(c.name))?.shortcut || null),
      () => setShortcut(null),
    );
  }, []);
  if (shortcut === undefined) return null;
  return (
    <p class="meta shortcut" data-testid="shortcut">
      {shortcut ? (
        <>
          Open this popup with <kbd>{shortcut}</kbd>
        </>
      ) : (
        'No keyboard shortcut set: choose one in the browser’s extension shortcut settings.'
      )}
    </p>
  );
}
