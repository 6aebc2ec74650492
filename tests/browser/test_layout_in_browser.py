"""What a person sees on a phone (390 px) and a laptop (1366 px): every table,
caption and chart label whole, and every chart bar visible against its page.

The phone test in test_pages_in_browser.py checks only that the page itself
does not scroll sideways; a table can still be cut inside its own box, and a
bar can be painted in the page's own colour. These checks measure each element.
"""

import pytest

from measures.models import Measure

pytestmark = pytest.mark.browser

WIDTHS = [390, 1366]
PAGES = [
    "/",
    "/virkemidler/",
    "/funn/",
    "/evalueringer/",
    "/budsjett/",
    "/kilder/",
    "/kilder/arbeidsgruppen-2022/",
    "/kilder/oxford-research-2022/",
    "/oppfolging/",
    "/oppfolging/oxford-anbefaling-01/",
    "/kunnskapsstatus/",
    "/sammenlign/?m=ekspertbistand&m=nav-arbeidslivssenter&m=skil&m=helseiarbeid",
    "/endringer/",
    "/personvern/",
    "/tilgjengelighet/",
]
# /oppfolging/matrise/ is left out on purpose: recommendations × measures is a
# two-way table that scrolls in its own box (keyboard-focusable) with the row
# headers kept in view: test_the_matrix_scrolls_sideways_with_its_row_headers_in_view.
# WCAG 2.1, 1.4.11 non-text contrast.
BAR_CONTRAST = 3.0

# Everything a reader could miss, as a list of sentences (empty when all is well).
FIND_CLIPPED = """() => {
  const problems = [];
  const pageRight = document.documentElement.clientWidth;
  const short = text => text.trim().replace(/\\s+/g, ' ').slice(0, 50);
  const clippingAncestors = el => {
    const found = [];
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') found.push(a);
    }
    return found;
  };
  const visibleRight = el => Math.min(pageRight,
    ...clippingAncestors(el).map(a => a.getBoundingClientRect().left + a.clientWidth));
  // Hidden for the eye but read by screen readers (a table's header row on a
  // phone): clipped to a pixel, so there is nothing to see and nothing to cut.
  const forScreenReadersOnly = el => {
    for (let a = el; a && a !== document.body; a = a.parentElement) {
      const style = getComputedStyle(a);
      const rect = a.getBoundingClientRect();
      const clipped = style.overflow === 'hidden' || style.clipPath !== 'none'
        || style.clip !== 'auto';
      if (clipped && (rect.width <= 1 || rect.height <= 1)) return true;
    }
    return false;
  };
  const shown = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden'
    && !forScreenReadersOnly(el);
  const cut = (el, what) => {
    if (!shown(el)) return;
    const rect = el.getBoundingClientRect();
    if (el.scrollWidth > el.clientWidth + 1) {
      problems.push(`${what} is cut: ${el.scrollWidth}px of content in ${el.clientWidth}px`);
    } else if (rect.width > 0 && rect.right > visibleRight(el) + 1) {
      const past = Math.round(rect.right - visibleRight(el));
      problems.push(`${what} runs ${past}px past what can be seen`);
    }
  };
  for (const table of document.querySelectorAll('main table')) {
    const caption = table.querySelector('caption');
    const name = `table «${short(caption ? caption.textContent : table.textContent)}»`;
    cut(table, name);
    cut(table.parentElement, `the box around ${name}`);
    if (caption) cut(caption, `the caption of ${name}`);
    // One line for all of a table's cut cells: a wide table cuts dozens.
    const before = problems.length;
    for (const cell of table.querySelectorAll('th, td')) {
      cut(cell, `cell «${short(cell.textContent)}» in ${name}`);
    }
    const cells = problems.splice(before);
    if (cells.length) problems.push(`${cells.length} cells, e.g. ${cells[cells.length - 1]}`);
  }
  for (const chart of document.querySelectorAll('main .bar-chart')) {
    for (const el of chart.querySelectorAll('*')) {
      if (el.children.length === 0 && el.textContent.trim()) {
        cut(el, `chart label «${short(el.textContent)}»`);
      }
    }
  }
  return problems;
}"""

FIND_FAINT_BARS = """(minimum) => {
  const rgba = text => {
    const m = text.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return {r, g, b, a};
  };
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a),
    a: 1,
  });
  // The colour actually painted behind an element: its ancestors' backgrounds, composited.
  const backdrop = el => {
    const layers = [];
    for (let a = el.parentElement; a; a = a.parentElement) {
      const c = rgba(getComputedStyle(a).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    return layers.reverse().reduce((below, c) => over(c, below), {r: 255, g: 255, b: 255, a: 1});
  };
  const luminance = ({r, g, b}) => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const contrast = (x, y) => {
    const [hi, lo] = [luminance(x), luminance(y)].sort((p, q) => q - p);
    return (hi + 0.05) / (lo + 0.05);
  };
  const problems = [];
  for (const bar of document.querySelectorAll('main .bar')) {
    const rect = bar.getBoundingClientRect();
    if (rect.width < 1 || rect.height < 1) continue;
    const behind = backdrop(bar);
    const fill = rgba(getComputedStyle(bar).backgroundColor);
    const ratio = fill && fill.a > 0 ? contrast(over(fill, behind), behind) : 1;
    if (ratio < minimum) {
      const label = bar.getAttribute('data-label') || bar.className;
      problems.push(`bar «${label}» has contrast ${ratio.toFixed(2)}:1 against its background`);
    }
  }
  return problems;
}"""


def every_page():
    keys = Measure.objects.order_by("position").values_list("key", flat=True)
    return PAGES + [f"/virkemidler/{key}/" for key in keys]


def problems_on(page, path):
    found = [f"{path}: {p}" for p in page.evaluate(FIND_CLIPPED)]
    found += [f"{path}, light: {p}" for p in page.evaluate(FIND_FAINT_BARS, BAR_CONTRAST)]
    page.evaluate("document.documentElement.setAttribute('data-color-scheme', 'dark')")
    found += [f"{path}, dark: {p}" for p in page.evaluate(FIND_FAINT_BARS, BAR_CONTRAST)]
    return found


@pytest.mark.parametrize("width", WIDTHS)
def test_no_table_caption_or_chart_label_is_cut_and_every_bar_shows(site, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    pages = every_page()
    assert len(pages) > len(PAGES)  # the measures' own pages are checked too
    problems = []
    for path in pages:
        page.goto(site + path)
        problems += problems_on(page, path)
    assert problems == [], "\n".join(problems)


def test_the_checks_see_a_cut_table_and_a_faint_bar(site, page):
    """The measurements themselves: a wide table in a narrow box and a bar in the
    page's own colour are both reported."""
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(site + "/tilgjengelighet/")
    page.evaluate(
        """() => {
      // Built through the CSSOM: the site's Content-Security-Policy forbids style attributes.
      const main = document.querySelector('main');
      const box = main.appendChild(document.createElement('div'));
      box.style.overflowX = 'auto';
      const table = box.appendChild(document.createElement('table'));
      table.createCaption().textContent = 'Prøve';
      const cell = table.insertRow().insertCell();
      cell.style.whiteSpace = 'nowrap';
      cell.textContent = 'bred celle '.repeat(40);
      const chart = main.appendChild(document.createElement('figure'));
      chart.className = 'bar-chart';
      const bar = chart.appendChild(document.createElement('span'));
      bar.className = 'bar';
      Object.assign(bar.style, {display: 'block', width: '50px', height: '10px',
        background: 'var(--ds-color-neutral-background-default)'});
    }"""
    )
    problems = problems_on(page, "/tilgjengelighet/")
    assert any("table «Prøve»" in p and "past what can be seen" in p for p in problems)
    assert any("light: bar" in p for p in problems)
    assert any("dark: bar" in p for p in problems)
