// A section's table, or the line that says there is nothing to list.
import type { ReactNode } from 'react';

export interface TableOrEmptyProps {
  readonly empty: boolean;
  readonly emptyText: ReactNode;
  readonly className: string;
  /** The header row's cells. */
  readonly head: ReactNode;
  /** The body's rows. */
  readonly children: ReactNode;
}

export function TableOrEmpty({ empty, emptyText, className, head, children }: TableOrEmptyProps) {
  if (empty) return <p className="muted">{emptyText}</p>;
  return (
    <div className="table-wrap">
      <table className={className}>
        <thead>
          <tr>{head}</tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
