// The Code page's transcript component (st.components.v2, no build step).
//
// Transcript text only ever reaches the DOM through textContent, never as
// HTML. Every run of text carries data-start / data-end: its offsets in the
// document's canonical text, counted in Unicode code points like Python's
// str indices. A DOM selection is mapped back to those offsets. With
// pseudonyms on, a real name is a run of its own showing its pseudonym
// (data-name): a selection inside it covers the whole name.

function codePoints(s) {
  let n = 0;
  for (const _ of s) n += 1;
  return n;
}

// Offset of a DOM point (node, offset) in the canonical text. A point inside
// a run's text node is exact; any other point snaps to the nearest run
// boundary: forwards for the start of a selection, backwards for its end.
export function pointToOffset(root, node, offset, isStart) {
  if (node.nodeType === Node.TEXT_NODE && node.parentElement?.classList.contains("qda-run")) {
    const run = node.parentElement;
    if (run.dataset.name !== undefined) {
      // a name shown as its pseudonym: its text is not the canonical text, so a
      // point inside it snaps outwards to the edges of the name
      const atEnd = offset >= node.data.length;
      const atStart = offset === 0;
      return Number((isStart ? !atEnd : atStart) ? run.dataset.start : run.dataset.end);
    }
    return Number(run.dataset.start) + codePoints(node.data.slice(0, offset));
  }
  const runs = root.querySelectorAll(".qda-run");
  const point = document.createRange();
  point.setStart(node, offset);
  let before = null;
  for (const run of runs) {
    if (point.comparePoint(run, 0) >= 0) {
      return isStart ? Number(run.dataset.start) : before === null ? null : Number(before.dataset.end);
    }
    before = run;
  }
  return isStart || before === null ? null : Number(before.dataset.end);
}

export function selectionToSpan(root) {
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const range = sel.getRangeAt(0);
  if (!root.contains(range.commonAncestorContainer)) return null;
  const start = pointToOffset(root, range.startContainer, range.startOffset, true);
  const end = pointToOffset(root, range.endContainer, range.endOffset, false);
  if (start === null || end === null || end <= start) return null;
  return { start, end };
}

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

function underline(colours) {
  // One 3px bar per coding, stacked from the baseline down.
  return colours.map((c, i) => `inset 0 -${3 * (i + 1)}px 0 ${c}`).join(", ");
}

function renderSegment(data, seg) {
  const row = el("div", "qda-seg");
  row.dataset.index = String(seg.index);
  row.dataset.start = String(seg.start);
  if (data.current === seg.index) row.classList.add("qda-current");
  const who = el("div", "qda-who", seg.speaker || "");
  who.appendChild(el("span", "qda-num", `#${seg.index + 1}`));
  row.appendChild(who);
  const body = el("div", "qda-text");
  for (const r of seg.runs) {
    const run = el("span", "qda-run", r.text);
    run.dataset.start = String(r.start);
    run.dataset.end = String(r.end);
    if (r.name) run.dataset.name = "";
    if (r.codings.length) {
      const cs = r.codings.map((i) => data.codings[i]);
      run.classList.add("qda-coded");
      run.style.backgroundColor = cs[0].colour + "22";
      run.style.boxShadow = underline(cs.map((c) => c.colour));
      run.style.setProperty("--qda-pad", `${3 * cs.length}px`);
      run.title = cs.map((c) => `${c.path} — ${c.coder}`).join("\n");
    }
    if (r.selected) run.classList.add("qda-selected");
    body.appendChild(run);
  }
  row.appendChild(body);
  const margin = el("div", "qda-margin");
  for (const i of seg.chips) {
    const c = data.codings[i];
    const chip = el("span", "qda-chip", `${c.coder} · ${c.name}`);
    chip.style.setProperty("--qda-colour", c.colour);
    chip.title = `${c.path} — ${c.coder}${c.memo ? "\nMemo: " + c.memo : ""}`;
    chip.dataset.coding = c.guid;
    if (data.focus === c.guid) chip.classList.add("qda-focus");
    margin.appendChild(chip);
  }
  row.appendChild(margin);
  return row;
}

const KEYS = new Set(["n", "u", "z", "y", "j", "k", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);

export default function transcript(component) {
  const { data, parentElement, setTriggerValue } = component;
  if (parentElement.__qdaCleanup) parentElement.__qdaCleanup();
  parentElement.querySelector(".qda-transcript")?.remove();
  const root = el("div", "qda-transcript");
  root.tabIndex = -1;
  for (const seg of data.segments) root.appendChild(renderSegment(data, seg));
  if (!data.segments.length) root.appendChild(el("div", "qda-hint", "No segments of this kind."));
  parentElement.appendChild(root);

  const onMouseUp = (event) => {
    if (event.target.closest(".qda-chip")) return;
    const span = selectionToSpan(root);
    if (span) {
      setTriggerValue("select", span);
      return;
    }
    const row = event.target.closest(".qda-seg");
    if (row) setTriggerValue("segment", Number(row.dataset.index));
  };
  const onClick = (event) => {
    const chip = event.target.closest(".qda-chip");
    if (chip) setTriggerValue("coding", chip.dataset.coding);
  };
  const onKey = (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
    const t = event.target;
    if (t && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName))) return;
    const key = event.key.toLowerCase();
    if (!KEYS.has(key)) return;
    event.preventDefault();
    setTriggerValue("key", { key, selection: selectionToSpan(root), at: Date.now() });
  };
  root.addEventListener("mouseup", onMouseUp);
  root.addEventListener("click", onClick);
  document.addEventListener("keydown", onKey);
  const cleanup = () => {
    document.removeEventListener("keydown", onKey);
    parentElement.__qdaCleanup = undefined;
  };
  parentElement.__qdaCleanup = cleanup;
  if (data.scroll_to !== null && data.scroll_to !== undefined) {
    root.querySelector(`.qda-seg[data-index="${Number(data.scroll_to)}"]`)?.scrollIntoView({
      block: "center",
    });
  }
  return cleanup;
}
