// Drives a native modal <dialog> from an `open` flag: showModal() keeps focus
// inside and Esc closes it (the dialog's onClose then tells the owner).
// `onOpen` runs each time it opens, to reset the form.
import { useEffect, useRef } from 'react';

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
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);
  return ref;
}
