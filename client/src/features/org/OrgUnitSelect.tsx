// A <select> of org units shown as an indented tree. Native <select> keeps
// keyboard and screen-reader behaviour for free; indentation is done with
// ideographic spaces because <option> ignores padding.
import type { ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';

import type { OrgTreeNode } from './org-tree';

const INDENT = '\u3000';

export interface OrgUnitSelectProps {
  readonly id: string;
  readonly nodes: readonly OrgTreeNode[];
  readonly value: string;
  onChange(value: string): void;
  /** Label of the empty choice ("all units" in a filter, "choose" in a form). */
  readonly emptyLabel: string;
  /** Only these units can be chosen; the others are shown, disabled, for context. */
  readonly selectable?: (node: OrgTreeNode) => boolean;
  readonly disabled?: boolean;
  readonly required?: boolean;
  readonly invalid?: boolean;
  readonly describedBy?: string;
}

export function OrgUnitSelect(props: OrgUnitSelectProps) {
  const { t } = useTranslation();
  const { nodes, selectable } = props;
  return (
    <select
      id={props.id}
      value={props.value}
      disabled={props.disabled}
      required={props.required}
      aria-invalid={props.invalid || undefined}
      aria-describedby={props.describedBy}
      onChange={(event: ChangeEvent<HTMLSelectElement>) => props.onChange(event.target.value)}
    >
      <option value="">{props.emptyLabel}</option>
      {nodes.map((node) => (
        <option
          key={node.unit.id}
          value={node.unit.id}
          disabled={selectable ? !selectable(node) : false}
        >
          {INDENT.repeat(node.depth) +
            t('org.option', {
              name: node.unit.name,
              kind: t(`enums.orgUnitKind.${node.unit.kind}`),
            })}
        </option>
      ))}
    </select>
  );
}
