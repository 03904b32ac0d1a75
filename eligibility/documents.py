"""Printed documents: the written decision (grant, or refusal with objection rights) and the legal-aid card.

Renderers return (filename, bytes) and hold no storage code. A decision is rendered from the
snapshot it stored, so a reprint years later reads exactly as the original.
"""

from legalaid.pdf import render_pdf

from .models import Decision, LegalAidCard


def decision_context(decision: Decision) -> dict:
    return {"decision": decision, "s": decision.snapshot, "reasons": decision.refusal_reason_labels}


def render_decision(decision: Decision) -> tuple[str, bytes]:
    return f"{decision.title}-{decision.number}.pdf", render_pdf(
        "eligibility/pdf/decision.html", decision_context(decision)
    )


def render_card(card: LegalAidCard) -> tuple[str, bytes]:
    return f"法律援助卡-{card.number}.pdf", render_pdf("eligibility/pdf/card.html", {"card": card})
