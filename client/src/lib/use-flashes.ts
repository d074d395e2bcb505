import { useCallback, useState } from 'react';

/**
 * A counter per id, bumped by `flash(id)`; a row compares it with the last
 * value it saw to briefly highlight itself when something about it changed.
 */
export function useFlashes() {
  const [flashes, setFlashes] = useState<ReadonlyMap<string, number>>(() => new Map());
  const flash = useCallback((id: string) => {
    setFlashes((previous) => new Map(previous).set(id, (previous.get(id) ?? 0) + 1));
  }, []);
  return { flashes, flash };
}
