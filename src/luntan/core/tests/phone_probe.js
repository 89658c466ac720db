// Run by luntan.core.tests.browser.phone_problems inside the page.
() => {
  const doc = document.documentElement;
  const words = /[\p{L}\p{N}]/u;
  const controls = document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]');
  const small = [];
  for (const el of controls) {
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    // A checkbox is hit through its label, which is the target to measure.
    const checkable = el.type === 'checkbox' || el.type === 'radio';
    const target = checkable && el.labels && el.labels.length ? el.labels[0] : el;
    const r = target.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (el.closest('.post-body, .reader-body, [data-inline-links]')) continue;  // members' text
    if (el.tagName === 'A') {
      // A link inside a sentence is sized by its line (WCAG 2.5.8's inline exception).
      const parent = el.parentElement;
      let rest = '';
      for (const node of parent.childNodes) {
        if (node === el) continue;
        if (node.nodeType === Node.TEXT_NODE) rest += node.textContent;
        else if (node.nodeType === Node.ELEMENT_NODE && !node.matches('a, button, input, select')) rest += node.textContent;
      }
      if (words.test(rest)) continue;
    }
    if (r.height < 40 || r.width < 40) {
      const label = (el.innerText || el.value || el.name || el.getAttribute('aria-label') || '').trim().slice(0, 16);
      small.push(`${el.tagName.toLowerCase()} "${label}" ${Math.round(r.width)}x${Math.round(r.height)}`);
    }
  }
  return {width: doc.scrollWidth, viewport: doc.clientWidth, small};
}
