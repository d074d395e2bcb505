// The <option>s of a select over a fixed list of values, each shown by its label.
export function LabelledOptions<V extends string>({ values, label }: { readonly values: readonly V[]; label(value: V): string }) {
  return values.map((v) => (
    <option key={v} value={v}>
      {label(v)}
    </option>
  ));
}
