// An on/off switch: a native checkbox with role="switch", so Tab focuses it and Space toggles it, and
// screen readers announce "on"/"off". The label names it; the description (patterns, help) is linked
// with aria-describedby.
import type { ComponentChildren } from 'preact';

export function Switch(props: {
  id: string;
  checked: boolean;
  label: ComponentChildren;
  description?: ComponentChildren;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
}) {
  const descId = props.description ? `${props.id}-desc` : undefined;
  return (
    <div class="switch-row">
      <input
        type="checkbox"
        role="switch"
        class="switch"
        id={props.id}
        checked={props.checked}
        aria-checked={props.checked}
        aria-describedby={descId}
        disabled={props.disabled}
        onChange={(e) => props.onChange((e.currentTarget as HTMLInputElement).checked)}
      />
      <div class="switch-text">
        <label for={props.id} class="switch-label">
          {props.label}
        </label>
        {props.description ? (
          <div id={descId} class="hint">
            {props.description}
          </div>
        ) : null}
      </div>
    </div>
  );
}
