// A budget for the work Yjs does placing a device's items among concurrent ones, checked as it does it.
//
// When an item's left and right neighbours (its origin and right origin) are no longer next to each other in the
// relay's copy, Yjs walks every item between them to decide where it goes (Item.integrate). Honest sends make such
// walks short: they happen only where two devices wrote at the same place while apart, and cover what the other
// device wrote there. A crafted update can name neighbours far apart for each of thousands of items, and the walks
// add up to the square of its size: 4,000 such items held the relay for seconds. The inspection cannot see this in
// advance (where an item lands depends on the items of the same update placed before it), so the walk is measured
// as Yjs integrates: before each item, the same walk is made and counted, up to what is left of the update's budget
// (so the relay walks at most twice what Yjs does, and never past the budget). Over it,
// the item is not integrated and the update is refused; what Yjs had already placed of it is in memory only, so the
// caller drops the document from memory (shared-doc.ts) and the next device to open it reads it from the store.
import * as Y from 'yjs';

/** Thrown from inside Y.applyUpdate when an update's walks would go over its budget. */
export class InsertScanExceeded extends Error {
  constructor(readonly budget: number) {
    super(`Placing the update's items would walk more than ${budget} items`);
    this.name = 'InsertScanExceeded';
  }
}

interface Budget {
  left: number;
  readonly total: number;
  readonly onExceeded: () => void;
}

/** The update being applied under a budget, if any (applying is synchronous: one at a time). */
let active: Budget | null = null;

type Placed = Y.Item & {
  left: Y.Item | null;
  right: Y.Item | null;
  parent: (Y.AbstractType<unknown> & { _start: Y.Item | null; _map: Map<string, Y.Item> }) | null;
  parentSub: string | null;
};

/**
 * Counts the items Yjs will walk to place `item`: Item.integrate's conflict loop, step for step with the same rules for
 * where it stops (yjs 13.6), and for a map key with no origin the walk back to the first value ever written to it.
 */
function countWalk(item: Placed, transaction: Y.Transaction, offset: number, budget: Budget): void {
  const parent = item.parent;
  if (!parent) return;
  const store = transaction.doc.store;
  // An item partly known already is placed after its own known part (as Item.integrate does).
  const left = offset > 0 ? (Y.getItem(store, Y.createID(item.id.client, item.id.clock + offset - 1)) as Y.Item) : item.left;
  const origin = offset > 0 ? left!.lastId : item.origin;
  const right = item.right;
  let o: Y.Item | null;
  if (left !== null) {
    if (left.right === right) return;
    o = left.right;
  } else {
    if (right !== null && right.left === null) return;
    if (item.parentSub !== null) {
      o = parent._map.get(item.parentSub) ?? null;
      while (o !== null && o.left !== null) {
        spend(budget);
        o = o.left;
      }
    } else {
      o = parent._start;
    }
  }
  const conflicting = new Set<Y.Item>();
  const beforeOrigin = new Set<Y.Item>();
  while (o !== null && o !== right) {
    spend(budget);
    beforeOrigin.add(o);
    conflicting.add(o);
    if (Y.compareIDs(origin, o.origin)) {
      if (o.id.client < item.id.client) conflicting.clear();
      else if (Y.compareIDs(item.rightOrigin, o.rightOrigin)) break;
    } else if (o.origin !== null && beforeOrigin.has(Y.getItem(store, o.origin) as Y.Item)) {
      if (!conflicting.has(Y.getItem(store, o.origin) as Y.Item)) conflicting.clear();
    } else {
      break;
    }
    o = o.right;
  }
}

function spend(budget: Budget): void {
  if (--budget.left >= 0) return;
  budget.onExceeded();
  throw new InsertScanExceeded(budget.total);
}

let installed = false;

/** Wraps Item.prototype.integrate once per process; it counts only while `withinInsertScan` runs. */
function install(): void {
  if (installed) return;
  installed = true;
  const integrate = Y.Item.prototype.integrate;
  Y.Item.prototype.integrate = function (this: Placed, transaction: Y.Transaction, offset: number) {
    if (active !== null) countWalk(this, transaction, offset, active);
    return integrate.call(this, transaction, offset);
  };
}

/**
 * Runs `apply` (a Y.applyUpdate) with at most `steps` items walked to place its items. Throws InsertScanExceeded when
 * it would walk more; Yjs has then placed part of the update, so the caller must neither store nor serve the document
 * as it now is in memory. `onExceeded` runs first, before Yjs ends its transaction and reports that part in its
 * 'update' event: the caller's handler must know by then to ignore it.
 */
export function withinInsertScan<T>(steps: number, apply: () => T, onExceeded: () => void): T {
  install();
  const outer = active;
  active = { left: steps, total: steps, onExceeded };
  try {
    return apply();
  } finally {
    active = outer;
  }
}
