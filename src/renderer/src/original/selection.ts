// The auditor's selection in the original, as a range of the extracted text (data-off markers).
import { useEffect } from 'react';
import type { OriginalProps } from './types';

/** Offset of a DOM position inside elements carrying data-off. */
function offsetOf(node: Node, offset: number): number | null {
  let el: Node | null = node.nodeType === Node.TEXT_NODE ? node.parentNode : node;
  while (el && el instanceof HTMLElement && el.dataset.off === undefined) el = el.parentNode;
  if (!(el instanceof HTMLElement) || el.dataset.off === undefined) return null;
  if (node.nodeType === Node.TEXT_NODE) return Number(el.dataset.off) + offset;
  // An element boundary: count the text of the children before it.
  let n = 0;
  node.childNodes.forEach((c, i) => {
    if (i < offset) n += c.textContent?.length ?? 0;
  });
  return Number(el.dataset.off) + n;
}

export function useSelection(ref: React.RefObject<HTMLElement | null>, onSelectRange: OriginalProps['onSelectRange']) {
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const up = () => {
      const sel = window.getSelection();
      if (!sel || sel.isCollapsed || !sel.rangeCount) return onSelectRange(null);
      const r = sel.getRangeAt(0);
      if (!el.contains(r.commonAncestorContainer)) return;
      const a = offsetOf(r.startContainer, r.startOffset);
      const b = offsetOf(r.endContainer, r.endOffset);
      if (a === null || b === null || b <= a) return onSelectRange(null);
      onSelectRange({ start: a, end: b });
    };
    el.addEventListener('mouseup', up);
    el.addEventListener('keyup', up);
    return () => {
      el.removeEventListener('mouseup', up);
      el.removeEventListener('keyup', up);
    };
  }, [ref, onSelectRange]);
}
