// Drives a native modal <dialog> from an `open` flag: showModal() makes the
// rest of the page inert and Esc closes it (the dialog's onClose then tells
// the owner). `onOpen` runs each time it opens, to reset the form; then the
// first field gets focus (an [autofocus] control if the form marks one) —
// browsers differ on what showModal focuses by itself.
import { useEffect, useRef } from 'react';

const FIRST_FIELD = '[autofocus], input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled])';

export function useModalDialog(open: boolean, onOpen: () => void) {
  const ref = useRef<HTMLDialogElement>(null);
  const onOpenRef = useRef(onOpen);
  onOpenRef.current = onOpen;
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      onOpenRef.current();
      dialog.showModal();
      // After the reset has rendered, so the field focused is the one shown.
      requestAnimationFrame(() => {
        if (dialog.open) dialog.querySelector<HTMLElement>(FIRST_FIELD)?.focus();
      });
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);
  return ref;
}
