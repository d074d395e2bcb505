/** Vite's import.meta.glob, which Vitest provides (vite is not a direct dependency here). */
interface ImportMeta {
  glob<T>(pattern: string, options: { eager: true }): Record<string, T>;
}
