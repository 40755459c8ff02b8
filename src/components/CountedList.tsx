// A coordinator's work list: a heading with its count, then the items, or a line saying there are none.
import { useId, type ReactNode } from 'react';

export function CountedList<T>({
  title,
  items,
  empty,
  listLabel = title,
  children,
}: {
  title: string;
  items: readonly T[] | undefined;
  empty: string;
  listLabel?: string;
  children: (item: T) => ReactNode;
}) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="work-list">
      <h2 id={id}>
        {title} <span className="count">({items?.length ?? 0})</span>
      </h2>
      {items?.length ? (
        <ul className="plain-list" aria-label={listLabel}>
          {items.map(children)}
        </ul>
      ) : (
        <p className="muted">{empty}</p>
      )}
    </section>
  );
}
