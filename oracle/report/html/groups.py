"""One card per mistake: the findings of a document that share a root cause on one card, counted once.

A cause shared by several claims (the same wrong formula judged on two domains, a definition and the
derivative that inherits its overflow, a formula and its derivation) gets one card that says so and
shows each claim as a part; a cause of one claim is that claim's own card.
"""

from __future__ import annotations

from typing import Any, Mapping

import pandas as pd

from oracle.report.errata import Group, plural, severity_info, verdict_info
from oracle.report.html.cards import badges, card, card_body, card_footer, safe_card
from oracle.report.html.elements import claim_anchor, esc, severity_badge

__all__ = ["group_card", "safe_group_card", "cause_anchor"]


def cause_anchor(group: Group) -> str:
    return claim_anchor(f"{group.claims[0]['claim_id'].split('/')[0]}/cause-{group.cause}")


def _part(c: Mapping[str, Any], frame: pd.DataFrame) -> str:
    anchor = claim_anchor(c["claim_id"])
    return "\n".join(o for o in [
        f'<section class="part {verdict_info(c.get("observed"))[0]}" id="{anchor}" aria-labelledby="{anchor}-h">',
        f'<header>{badges(c)}<h4 id="{anchor}-h"><span class="section" lang="fr">{esc(c.get("section") or "")}</span>'
        f'<span class="cid">{esc(c["claim_id"])}</span></h4></header>',
        *card_body(c, frame), card_footer(c), "</section>"] if o)


def group_card(group: Group, frame: pd.DataFrame) -> str:
    """A card for a group: the claim's own card when alone, else one card listing every claim of the cause."""
    if len(group.claims) == 1:
        return card(group.claims[0], frame)
    first = group.claims[0]
    anchor = cause_anchor(group)
    label = severity_info(group.severity)[1].lower()
    ids = " · ".join(esc(c["claim_id"].split("/", 1)[-1]) for c in group.claims)
    lead = (f'<p class="group-note">One mistake, one {esc(label)}: these {esc(plural(len(group.claims), "claim"))} '
            f'share the root cause <code>{esc(group.cause)}</code> and count once in the summary.</p>')
    return "\n".join([
        f'<article class="card group {verdict_info(group.verdict)[0]}" id="{anchor}" aria-labelledby="{anchor}-h">',
        f'<header>{severity_badge(group.severity)}<h3 id="{anchor}-h"><span class="section" lang="fr">'
        f'{esc(first.get("section") or "(no section)")}</span><span class="cid">{ids}</span></h3></header>',
        lead, *(_part(c, frame) for c in group.claims), "</article>"])


def safe_group_card(group: Group, frame: pd.DataFrame) -> str:
    """A group's card; a record this page cannot draw gets a plain card that says so (the report is still written)."""
    if len(group.claims) == 1:
        return safe_card(group.claims[0], frame)
    try:
        return group_card(group, frame)
    except Exception as exc:  # one odd record must not cost the whole report
        ids = ", ".join(str(c.get("claim_id", "?")) for c in group.claims)
        return (f'<article class="card {verdict_info(group.verdict)[0]}" id="{cause_anchor(group)}">'
                f'<header><h3><span class="cid">{esc(ids)}</span></h3></header>'
                f'<p class="what-happens">This card could not be drawn ({esc(type(exc).__name__)}: {esc(exc)}); '
                f'the records are in <code>verdicts.json</code>.</p></article>')
