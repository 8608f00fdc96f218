"""Static assets of the HTML report, inlined into the page (no network, no files beside it).

Kept as Python strings rather than .css/.js files so that they travel with the
package in every kind of install (package data needs extra setuptools config).
"""

from __future__ import annotations

__all__ = ["CSS", "SCRIPT", "FAVICON"]

#: A small "∂" on a rounded square, as a data URL (the page requests no favicon from disk or network).
FAVICON = (
    "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E"
    "%3Crect width='32' height='32' rx='7' fill='%23b91c1c'/%3E"
    "%3Ctext x='16' y='23' font-size='21' text-anchor='middle' fill='white' font-family='serif'%3E%E2%88%82%3C/text%3E"
    "%3C/svg%3E"
)

CSS = r"""
:root {
  color-scheme: light;
  --ink: #1c1917; --ink-soft: #44403c; --muted: #6b6660; --line: #e7e5e4; --paper: #fbfaf8; --card: #ffffff;
  --accent: #1d4ed8;
  --holds: #166534; --holds-bg: #dcfce7; --holds-line: #86efac;
  --erratum: #991b1b; --erratum-bg: #fee2e2; --erratum-line: #f87171;
  --crash: #6b21a8; --crash-bg: #f3e8ff; --crash-line: #c084fc;
  --unstable: #9a3412; --unstable-bg: #ffedd5; --unstable-line: #fb923c;
  --precondition: #1e40af; --precondition-bg: #dbeafe; --precondition-line: #93c5fd;
  --inconclusive: #374151; --inconclusive-bg: #f3f4f6; --inconclusive-line: #9ca3af;
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif;
  --serif: "Iowan Old Style", "Palatino Linotype", Palatino, "Book Antiqua", Georgia, "DejaVu Serif", serif;
  --mono: ui-monospace, "SF Mono", "Cascadia Code", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace;
  --math: "STIX Two Math", "Cambria Math", "Latin Modern Math", "DejaVu Math TeX Gyre", math;
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; scroll-behavior: smooth; }
body { margin: 0; background: var(--paper); color: var(--ink); font: 17px/1.6 var(--sans); }
a { color: var(--accent); text-underline-offset: 0.15em; }
a:hover { text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; border-radius: 3px; }
.skip { position: absolute; left: -999px; top: 0; background: #fff; padding: .5rem 1rem; z-index: 10; }
.skip:focus { left: .5rem; top: .5rem; }
.wrap { max-width: 68rem; margin: 0 auto; padding: 0 1.25rem; }
code, pre, kbd { font-family: var(--mono); font-size: .88em; }
math { font-family: var(--math); font-size: 1.12em; }
math[display="block"] { margin: .15rem 0; overflow-x: auto; overflow-y: hidden; padding: .2rem 0; }
code.tex { background: #f5f5f4; padding: .1em .35em; border-radius: 4px; }
h1, h2, h3, h4 { line-height: 1.25; margin: 0; letter-spacing: -0.01em; }
h1 { font-size: clamp(1.7rem, 4.2vw, 2.5rem); font-weight: 750; }
h2 { font-size: clamp(1.35rem, 3vw, 1.75rem); font-weight: 700; }
h3 { font-size: 1.15rem; font-weight: 650; }
h4 { font-size: .78rem; font-weight: 700; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin-bottom: .4rem; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }

/* --- masthead ------------------------------------------------------------------------- */
.masthead { background: linear-gradient(180deg, #fff 0%, #fbfaf8 100%); border-bottom: 1px solid var(--line); padding: 2.2rem 0 1.6rem; }
.eyebrow { font-size: .8rem; font-weight: 700; letter-spacing: .12em; text-transform: uppercase; color: var(--erratum); margin: 0 0 .5rem; }
.lead { font-size: 1.15rem; color: var(--ink-soft); max-width: 46rem; margin: .8rem 0 0; }
.lead strong { color: var(--ink); }
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(8.5rem, 1fr)); gap: .75rem; margin: 1.5rem 0 0; padding: 0; list-style: none; }
.tile { background: var(--card); border: 1px solid var(--line); border-top: 4px solid var(--inconclusive-line); border-radius: 10px; padding: .7rem .9rem .6rem; }
.tile b { display: block; font-size: 1.9rem; line-height: 1.1; font-variant-numeric: tabular-nums; }
.tile span { font-size: .9rem; color: var(--ink-soft); }
.tile.v-holds { border-top-color: var(--holds-line); } .tile.v-erratum { border-top-color: var(--erratum-line); }
.tile.v-crash { border-top-color: var(--crash-line); } .tile.v-unstable { border-top-color: var(--unstable-line); }
.tile.v-precondition { border-top-color: var(--precondition-line); } .tile.v-all { border-top-color: #a8a29e; }
.toc { margin: 1.3rem 0 0; font-size: .95rem; display: flex; flex-wrap: wrap; gap: .4rem 1.2rem; padding: 0; list-style: none; }

/* --- gate ------------------------------------------------------------------------------- */
.gate { border-radius: 10px; padding: .7rem 1rem; margin: 1.4rem 0 0; font-size: .95rem; }
.gate.ok { background: var(--holds-bg); color: var(--holds); border: 1px solid var(--holds-line); }
.gate.fail { background: var(--erratum-bg); color: #7f1d1d; border: 2px solid var(--erratum); padding: 1rem 1.2rem; }
.gate.fail h2 { font-size: 1.25rem; margin-bottom: .4rem; }
.gate-list { list-style: none; margin: .7rem 0 0; padding: 0; display: grid; gap: .5rem; }
.gate-list li { background: #fff; border-radius: 8px; padding: .55rem .8rem; color: var(--ink); }
.gate-list code { font-size: .85rem; overflow-wrap: anywhere; }
.gate-list .gate-verdicts { display: inline-flex; flex-wrap: wrap; gap: .3rem; align-items: center; font-size: .85rem; color: var(--muted); margin-left: .3rem; }
.gate-list p { margin: .3rem 0 0; font-size: .9rem; color: var(--ink-soft); overflow-wrap: anywhere; }

/* --- sections ------------------------------------------------------------------------- */
main > section, .doc { padding: 2.2rem 0 .5rem; }
.section-intro { color: var(--ink-soft); margin: .4rem 0 1.2rem; max-width: 46rem; }
.docs { display: grid; grid-template-columns: repeat(auto-fill, minmax(19rem, 1fr)); gap: 1rem; margin-top: 1rem; }
.doc-card { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 1rem 1.1rem; display: flex; flex-direction: column; gap: .45rem; }
.doc-card h3 { font-family: var(--serif); font-size: 1.15rem; font-weight: 650; }
.doc-card h3 a { color: var(--ink); text-decoration: none; }
.doc-card h3 a:hover { text-decoration: underline; }
.byline { color: var(--muted); font-size: .9rem; margin: 0; }
.byline code { font-size: .8rem; }
.counts { display: flex; flex-wrap: wrap; gap: .35rem; margin: .2rem 0 0; padding: 0; list-style: none; }
.bar { display: flex; height: .55rem; border-radius: 99px; overflow: hidden; background: var(--line); margin-top: auto; }
.bar i { display: block; height: 100%; }
.bar .v-holds { background: #4ade80; } .bar .v-erratum { background: #ef4444; } .bar .v-crash { background: #a855f7; }
.bar .v-unstable { background: #f97316; } .bar .v-precondition { background: #60a5fa; } .bar .v-inconclusive { background: #9ca3af; }

.doc-head { border-bottom: 2px solid var(--ink); padding-bottom: .6rem; margin-bottom: 1.2rem; }
.doc-head h2 { font-family: var(--serif); font-weight: 650; }
.doc-head .byline { margin-top: .3rem; font-size: .95rem; }
.all-hold { background: var(--holds-bg); color: var(--holds); border-radius: 10px; padding: .8rem 1rem; }

/* --- badges --------------------------------------------------------------------------- */
.badge { display: inline-flex; align-items: center; gap: .35em; font-size: .8rem; font-weight: 700; line-height: 1.2;
  padding: .22em .6em .22em .5em; border-radius: 99px; border: 1px solid; white-space: nowrap; letter-spacing: .01em; }
.badge .icon { font-size: 1em; }
.v-holds.badge { color: var(--holds); background: var(--holds-bg); border-color: var(--holds-line); }
.v-erratum.badge { color: var(--erratum); background: var(--erratum-bg); border-color: var(--erratum-line); }
.v-crash.badge { color: var(--crash); background: var(--crash-bg); border-color: var(--crash-line); }
.v-unstable.badge { color: var(--unstable); background: var(--unstable-bg); border-color: var(--unstable-line); }
.v-precondition.badge { color: var(--precondition); background: var(--precondition-bg); border-color: var(--precondition-line); }
.v-inconclusive.badge { color: var(--inconclusive); background: var(--inconclusive-bg); border-color: var(--inconclusive-line); }
.badge.plain { color: var(--ink-soft); background: #f5f5f4; border-color: #d6d3d1; font-weight: 600; }
.badge.gate-bad { color: #fff; background: var(--erratum); border-color: var(--erratum); }
.badge.sev { text-transform: uppercase; letter-spacing: .04em; font-size: .72rem; }
.s-error.badge { color: #fff; background: #b91c1c; border-color: #991b1b; }
.s-caveat.badge { color: #7c2d12; background: #fed7aa; border-color: #fb923c; }
.s-note.badge { color: #1e3a8a; background: #e0e7ff; border-color: #a5b4fc; }
.s-unrated.badge { color: var(--inconclusive); background: var(--inconclusive-bg); border-color: var(--inconclusive-line); }
.v-notjudged.badge { color: #57534e; background: #fafaf9; border-color: #d6d3d1; border-style: dashed; }
.tile.s-error { border-top-color: #b91c1c; } .tile.s-caveat { border-top-color: #fb923c; } .tile.s-note { border-top-color: #a5b4fc; }
.tile.v-notjudged { border-top-color: #d6d3d1; border-top-style: dashed; }

/* --- erratum cards -------------------------------------------------------------------- */
.cards { display: grid; grid-template-columns: minmax(0, 1fr); gap: 1.5rem; }
.card, .card > * { min-width: 0; }
.card { background: var(--card); border: 1px solid var(--line); border-left: 6px solid var(--inconclusive-line); border-radius: 12px;
  padding: 1.2rem 1.4rem 1rem; box-shadow: 0 1px 2px rgba(28,25,23,.05), 0 8px 24px -12px rgba(28,25,23,.12); scroll-margin-top: 1rem; }
.card.v-erratum { border-left-color: var(--erratum); } .card.v-crash { border-left-color: #9333ea; }
.card.v-unstable { border-left-color: #ea580c; } .card.v-precondition { border-left-color: #3b82f6; }
.card.v-notjudged { border-left-color: #d6d3d1; border-left-style: dashed; }
.not-judged { color: var(--ink-soft); }
.group-note { margin: 0 0 1rem; color: var(--ink-soft); }
.card .part { border-top: 1px solid var(--line); padding-top: 1rem; margin-top: 1rem; }
.card .part > header { display: flex; flex-wrap: wrap; align-items: baseline; gap: .4rem .7rem; margin-bottom: .7rem; }
.card .part > header h4 { flex: 1 1 16rem; margin: 0; font-size: 1.05rem; font-weight: 600; text-transform: none;
  letter-spacing: normal; color: var(--ink); font-family: var(--serif); }
.card .part > footer { display: flex; flex-wrap: wrap; gap: .4rem; margin-top: .8rem; padding-top: .6rem;
  border-top: 1px dashed var(--line); font-size: .85rem; color: var(--muted); align-items: center; }
.card .part > header .cid { display: block; font-family: var(--mono); font-weight: 400; font-size: .8rem; color: var(--muted); }
.listing-block .printouts { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); gap: .8rem; }
.listing-block figure { margin: 0; } .listing-block figcaption { font-size: .8rem; color: var(--muted); }
.listing-block pre { max-height: 22rem; overflow: auto; font-size: .8rem; background: #fafaf9; padding: .5rem .7rem; border-radius: 6px; }
.listing-block .differences { color: var(--erratum); font-size: .9rem; } .listing-block .ok { color: var(--holds); }
.listing-block del { color: var(--erratum); } .listing-block ins { color: var(--holds); text-decoration: none; }
.listing-block pre.diff { max-height: none; margin: .3rem 0 0; }
.listing-block .cell { font-family: var(--mono); font-size: .8rem; color: var(--muted); }
.run-note { font-size: .9rem; color: var(--ink-soft); }
.corrected-lines li.changed { background: var(--holds-bg); border-radius: 4px; }
.corrected-lines li small { margin-left: .6rem; color: var(--holds); }
.card > header { display: flex; flex-wrap: wrap; align-items: baseline; gap: .4rem .7rem; margin-bottom: .9rem; }
.card > header h3 { flex: 1 1 16rem; }
.card > header .section { font-family: var(--serif); font-size: 1.2rem; }
.card > header .cid { display: block; font-family: var(--mono); font-weight: 400; font-size: .8rem; color: var(--muted); margin-top: .15rem; }
.quote { margin: 0 0 1rem; padding: .55rem 1rem; border-left: 3px solid #d6d3d1; background: #fafaf9; border-radius: 0 8px 8px 0; color: var(--ink-soft); }
.quote p { margin: 0; font-family: var(--serif); font-style: italic; font-size: 1.05rem; }
.quote pre { margin: 0; white-space: pre-wrap; word-break: break-word; font-size: .85rem; }
.quote .label { display: block; font-size: .72rem; font-weight: 700; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin-bottom: .15rem; font-style: normal; font-family: var(--sans); }
.compare { display: grid; grid-template-columns: 1fr 1fr; gap: .8rem; margin: 0 0 1rem; }
.formula { margin: 0; border-radius: 10px; padding: .6rem .9rem .7rem; border: 1px solid; min-width: 0; }
.formula figcaption { font-size: .78rem; font-weight: 700; text-transform: uppercase; letter-spacing: .06em; margin-bottom: .2rem; }
.formula.printed { background: #fff7f7; border-color: #fecaca; }
.formula.printed figcaption { color: var(--erratum); }
.formula.corrected { background: #f3fbf5; border-color: #bbf7d0; }
.formula.corrected figcaption { color: var(--holds); }
.formula.alone { grid-column: 1 / -1; }
.compare.stacked { grid-template-columns: minmax(0, 1fr); }
.compare.stacked .formula { display: grid; grid-template-columns: 8.5rem minmax(0, 1fr); align-items: center; gap: .8rem; }
.compare.stacked .formula figcaption { margin: 0; }
math .tt { font-family: var(--mono); font-size: .9em; }
.formula math { font-size: 1.3em; }
.explanation { font-size: 1.02rem; margin: 0 0 1rem; max-width: 50rem; }
.condition { margin: -.4rem 0 1rem; color: var(--ink-soft); }
.facts { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1.25fr); gap: 1.2rem; align-items: start; }
.facts.single { grid-template-columns: minmax(0, 1fr); }
.counterexample dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: .3rem .9rem; margin: 0; }
.counterexample dt { color: var(--muted); font-size: .9rem; }
.counterexample dd { margin: 0; font-variant-numeric: tabular-nums; min-width: 0; overflow-wrap: anywhere; }
.counterexample dd.bad { color: var(--erratum); font-weight: 650; }
.counterexample dd.good { color: var(--holds); font-weight: 650; }
.inputs { margin: 0; padding: 0; list-style: none; }
.inputs code { background: #f5f5f4; padding: .05em .35em; border-radius: 4px; overflow-wrap: anywhere; }
.inputs small { color: var(--muted); }
.plot { margin: 0; min-width: 0; }
.plot svg { width: 100%; height: auto; display: block; max-width: 36rem; }
.figures-block .plot svg { max-width: 30rem; }
.plot svg text { font-family: var(--sans) !important; }
.plot figcaption { font-size: .85rem; color: var(--muted); margin-top: .3rem; }
.swatch { display: inline-block; width: 1.4em; height: 0; vertical-align: middle; margin: 0 .2em; border-top: 3px solid; }
.swatch.printed { border-top: 2.5px dashed #c2410c; } .swatch.true { border-top: 5px solid rgba(31,41,55,.35); }
.swatch.corrected { border-top: 2.5px dotted #15803d; }
.message { margin-top: 1rem; }
details > summary { cursor: pointer; color: var(--accent); font-size: .92rem; }
details pre { background: #1c1917; color: #f5f5f4; padding: .8rem 1rem; border-radius: 8px; overflow-x: auto; font-size: .8rem; line-height: 1.5; white-space: pre-wrap; word-break: break-word; }
.card > footer { display: flex; flex-wrap: wrap; gap: .4rem; margin-top: 1rem; padding-top: .8rem; border-top: 1px dashed var(--line); font-size: .85rem; color: var(--muted); align-items: center; }
.what-happens { background: var(--crash-bg); color: #581c87; border-radius: 8px; padding: .5rem .8rem; margin: 0 0 1rem; }
.what-happens code { font-size: .85rem; }
.gate-note { background: var(--erratum-bg); color: #7f1d1d; border: 1px solid var(--erratum-line); border-radius: 8px; padding: .4rem .8rem; margin: 0 0 1rem; font-weight: 600; }

/* --- derivations and figures ------------------------------------------------------------ */
.derivation { list-style: none; margin: 0 0 1rem; padding: 0; counter-reset: line -1; }
.derivation li { counter-increment: line; position: relative; padding: .35rem .8rem .35rem 2.6rem; border-radius: 8px; border: 1px solid transparent;
  overflow-x: auto; overflow-y: hidden; }
.derivation li::before { content: counter(line); position: absolute; left: .7rem; top: .55rem; font-size: .8rem; color: var(--muted); font-variant-numeric: tabular-nums; }
.derivation li.broken { background: var(--erratum-bg); border-color: var(--erratum-line); }
.derivation li.broken.first { border-width: 2px; border-color: var(--erratum); }
.derivation li.carried { background: #fff7f7; }
.derivation .step.carried-note { color: var(--muted); font-weight: 500; }
.derivation math, .start math { math-style: normal; font-size: 1.2em; }
.derivation .should-read { display: flex; width: fit-content; max-width: 100%; flex-wrap: wrap; align-items: center; gap: .2rem .8rem; background: var(--holds-bg);
  border: 1px solid var(--holds-line); border-radius: 8px; padding: .1rem .7rem; margin: .3rem 0; }
.derivation .should-read > span, .start > span { font-size: .72rem; font-weight: 700; text-transform: uppercase; letter-spacing: .06em; color: var(--holds); }
.start { display: flex; flex-wrap: wrap; align-items: center; gap: .2rem .8rem; margin: 0 0 .3rem; padding-left: 2.6rem; overflow-x: auto; }
.start > span { color: var(--muted); }
.audit { background: var(--unstable-bg); border-radius: 8px; padding: .5rem .9rem; margin: 0 0 1rem; color: #7c2d12; font-size: .95rem; }
.audit ul { margin: .2rem 0 0; padding-left: 1.2rem; }
.derivation .step { display: block; font-size: .85rem; color: var(--erratum); font-weight: 600; }
.derivation .step.ok { color: var(--holds); font-weight: 500; }
.verdict-line { margin: 0 0 1rem; font-weight: 600; }
.verdict-line math { math-style: normal; }
.derivation-help { font-size: .85rem; color: var(--muted); margin: -.2rem 0 .5rem; }
table.figures { margin-bottom: .8rem; }
table.figures td.num { text-align: right; font-variant-numeric: tabular-nums; font-family: var(--mono); font-size: .9rem; }
table.figures tr.bad td { background: #fff1f2; }

/* --- claims table --------------------------------------------------------------------- */
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { text-align: left; padding: .45rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { font-size: .75rem; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); border-bottom: 2px solid #d6d3d1; }
.table-wrap { background: var(--card); border: 1px solid var(--line); border-radius: 12px; overflow-x: auto; }
#claims-table td:first-child { font-family: var(--mono); font-size: .84rem; min-width: 15rem; }
#claims-table .cid-doc { display: block; color: var(--muted); font-size: .76rem; }
#claims-table a .cid-doc { color: inherit; opacity: .75; }
#claims-table tr.gate-mismatch td { background: #fff1f2; }
.filters { display: flex; flex-wrap: wrap; gap: .7rem 1rem; align-items: end; margin: 0 0 1rem; padding: .8rem 1rem; background: var(--card); border: 1px solid var(--line); border-radius: 12px; }
.filters label { display: flex; flex-direction: column; font-size: .78rem; font-weight: 700; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); gap: .2rem; }
.filters select, .filters button { font: inherit; font-size: .95rem; padding: .35rem .5rem; border: 1px solid #d6d3d1; border-radius: 8px; background: #fff; color: var(--ink); min-width: 10rem; }
.filters button { min-width: 0; cursor: pointer; }
.filters output { font-size: .9rem; color: var(--ink-soft); margin-left: auto; }
.legend { display: grid; grid-template-columns: max-content 1fr; gap: .5rem 1rem; align-items: baseline; margin: 1.5rem 0 0; font-size: .95rem; }
.legend dd { margin: 0; color: var(--ink-soft); }

/* --- provenance and footer -------------------------------------------------------------- */
.provenance dl { display: grid; grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr)); gap: .6rem 1rem; margin: 1rem 0 0; }
.provenance dl div { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: .5rem .8rem; }
.provenance dt { font-size: .75rem; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); font-weight: 700; }
.provenance dd { margin: 0; font-family: var(--mono); font-size: .92rem; overflow-wrap: anywhere; }
.site-footer { margin-top: 3rem; padding: 1.5rem 0 2.5rem; border-top: 1px solid var(--line); color: var(--muted); font-size: .88rem; }

/* --- small screens ---------------------------------------------------------------------- */
@media (max-width: 760px) {
  body { font-size: 16px; }
  .wrap { padding: 0 .9rem; }
  .masthead { padding: 1.4rem 0 1.2rem; }
  .lead { font-size: 1.05rem; }
  .tiles { grid-template-columns: repeat(3, minmax(0, 1fr)); gap: .45rem; margin-top: 1.1rem; }
  .tile { padding: .45rem .55rem .4rem; border-radius: 8px; }
  .tile b { font-size: 1.4rem; }
  .tile span { font-size: .76rem; line-height: 1.25; display: block; }
  .compare, .facts { grid-template-columns: minmax(0, 1fr); }
  .compare.stacked .formula { display: block; }
  .formula math { font-size: 1.05em; }
  .counterexample dl { grid-template-columns: minmax(0, 1fr); gap: 0; }
  .counterexample dt { font-size: .78rem; text-transform: uppercase; letter-spacing: .05em; font-weight: 700; margin-top: .45rem; }
  .card { padding: 1rem .9rem .8rem; border-left-width: 5px; }
  .docs { grid-template-columns: minmax(0, 1fr); }
  #claims-table thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  #claims-table, #claims-table tbody, #claims-table tr, #claims-table td { display: block; width: 100%; }
  #claims-table tr { border-bottom: 1px solid #d6d3d1; padding: .5rem .3rem; }
  #claims-table tr[hidden] { display: none; }
  #claims-table td { border: 0; padding: .12rem .4rem; display: grid; grid-template-columns: 6.5rem minmax(0, 1fr); gap: .5rem; }
  #claims-table td > * { justify-self: start; }
  #claims-table td::before { content: attr(data-label); font-size: .72rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); font-weight: 700; padding-top: .2rem; font-family: var(--sans); }
  .filters select { min-width: 0; width: 100%; }
  .filters label { flex: 1 1 9rem; }
  .filters output { margin-left: 0; }
  .legend { grid-template-columns: minmax(0, 1fr); gap: .15rem; }
  .legend dd { margin-bottom: .5rem; }
}
@media print {
  body { background: #fff; font-size: 11pt; }
  .filters, .toc, .skip, details { display: none !important; }
  .card { box-shadow: none; break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""

#: The claims-table filter.  Without it the page shows every claim, and the filter form stays hidden.
SCRIPT = r"""
(function () {
  "use strict";
  var form = document.getElementById("claim-filters");
  var table = document.getElementById("claims-table");
  if (!form || !table) { return; }
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var count = document.getElementById("claim-count");
  var fields = ["document", "family", "verdict"];
  function apply() {
    var want = {}, shown = 0;
    fields.forEach(function (f) { want[f] = form.elements[f].value; });
    rows.forEach(function (row) {
      var ok = fields.every(function (f) { return !want[f] || row.getAttribute("data-" + f) === want[f]; });
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = shown === rows.length ? "All " + rows.length + " claims shown"
      : shown + " of " + rows.length + " claims shown";
  }
  form.addEventListener("change", apply);
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  form.hidden = false;
  document.documentElement.classList.add("js");
  apply();
}());
"""
