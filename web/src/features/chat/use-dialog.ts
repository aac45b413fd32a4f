import { useEffect, useRef } from 'react';

/**
 * A native <dialog> opened as a modal while `open` is true: the browser traps
 * focus, closes it on Escape (reported through `onClose`) and returns focus to
 * what opened it.
 */
export function useModal(open: boolean, onClose: () => void) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    const closed = () => onClose();
    d.addEventListener('close', closed);
    return () => d.removeEventListener('close', closed);
  }, [onClose]);
  return ref;
}
