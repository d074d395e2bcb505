// "Export to Excel": downloads a table export with the page's current filter
// (see download-export.ts), showing progress and the server's refusal.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { downloadExport } from './download-export';

export interface ExportButtonProps {
  /** `/export/customers.xlsx` and the like. */
  readonly path: string;
  readonly params: Record<string, string>;
  /** Used when the server names no file. */
  readonly fallbackName: string;
}

export function ExportButton({ path, params, fallbackName }: ExportButtonProps) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const run = async () => {
    setBusy(true);
    setProblem(null);
    try {
      await downloadExport(path, params, fallbackName);
    } catch (error) {
      setProblem(t('export.failed', { message: error instanceof Error ? error.message : String(error) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <span className="export-button">
      <button type="button" onClick={() => void run()} disabled={busy} aria-busy={busy || undefined}>
        {busy ? t('export.busy') : t('export.excel')}
      </button>
      {problem ? (
        <span className="field-error" role="alert">
          {problem}
        </span>
      ) : null}
    </span>
  );
}
