"""The status lookup page's content, built in Python.

The page is public and served under load (docs/benchmarks.md): rendering it with the template
engine cost several times what reading the dossier does. Its few fixed phrases are translated
once per language and kept; the values (the code typed, names of procedures and agencies, dates)
are escaped as they are placed. The chrome around it comes from ``shell``. The markup — ids,
labels, ``aria-*`` links between fields, help texts and errors — is what the templates used to
produce, and the tests read it.
"""

from __future__ import annotations

import functools
from html import escape

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .lookup import CODE_MAX_LENGTH, CODE_PARAM, FACTOR_PARAM, Query, Status

_phrases: dict[str, dict[str, str]] = {}

# Names of agencies, steps and procedures come back lookup after lookup: each is escaped once.
escape_name = functools.lru_cache(maxsize=4096)(escape)


def phrases(language: str | None = None) -> dict[str, str]:
    """The page's fixed phrases in ``language`` (the active one by default), translated once,
    then kept."""
    language = language or get_language()
    found = _phrases.get(language)
    if found is None:
        texts = {
            "title": _("Track a dossier"),
            "dossier": _("Dossier"),
            "procedure": _("Procedure"),
            "received": _("Received on"),
            "appointment": _("Appointment to return the result"),
            "paused": _("Paused"),
            "since": _("since %(since)s"),
            "send_by": _("to be sent by %(deadline)s"),
            "finished": _("Result ready on"),
            "returned": _("Result returned on"),
            "agencies": _("Agencies handling the dossier"),
            "another": _("Look up another dossier"),
            "form_title": _("Dossier code and verification"),
            "intro": _(
                "Type the dossier code printed on your receipt (or open the link of its QR "
                "code), then the last 4 digits of the phone number or ID number given for the "
                "dossier's owner. Nothing personal is shown."
            ),
            "code": _("Dossier code"),
            "code_help": _("For example H99.20-250428-0001."),
            "factor": _("Last 4 digits of the owner's phone or ID number"),
            "factor_help": _("Only digits count: for 0987 654 321, type 4321."),
            "submit": _("Look up"),
            "not_found": _(
                "No dossier matches this code and these digits. Check the code on your receipt "
                "and the last 4 digits of the phone or ID number given for the dossier's owner."
            ),
            "refused": _(
                "Too many wrong attempts: to protect applicants' dossiers, lookups from this "
                "connection or for this code are paused until %(time)s. Please try again after "
                "that time, or ask the one-stop counter."
            ),
        }
        found = {key: escape(text) for key, text in texts.items()}
        found["action"] = reverse("lookup")
        _phrases[language] = found
    return found


def _row(term: str, value: str) -> str:
    return f"<dt>{term}</dt><dd>{value}</dd>"


def result(status: Status, t: dict[str, str]) -> str:
    shown = status.shown
    verdict = status.verdict
    state = f"<strong>{escape(status.state_label)}</strong>"
    if verdict:
        state += f' <span class="t {verdict.css}">{verdict.label}</span>'
    procedure = escape_name(status.procedure)
    if status.case:
        procedure += f" — {escape_name(status.case)}"
    rows = [
        _row(t["procedure"], procedure),
        _row(t["received"], shown["received"] or "—"),
        _row(t["appointment"], shown["appointment"] or "—"),
    ]
    if status.pause:
        paused = escape(status.pause.label) + " — " + t["since"] % {"since": shown["paused_since"]}
        if shown["send_by"]:
            paused += "; " + t["send_by"] % {"deadline": shown["send_by"]}
        rows.append(_row(t["paused"], paused))
    if shown["finished"]:
        rows.append(_row(t["finished"], shown["finished"]))
    if shown["returned"]:
        method = f" — {escape(status.return_method)}" if status.return_method else ""
        rows.append(_row(t["returned"], shown["returned"] + method))
    parts = [
        '<section aria-labelledby="lookup-result-title" class="card lookup-result" '
        'id="lookup-result">',
        f'<h2 id="lookup-result-title">{t["dossier"]} <span class="code">'
        f"{escape(status.code)}</span></h2>",
        f'<p class="lookup-state">{state}</p>',
        f'<dl class="summary">{"".join(rows)}</dl>',
    ]
    if status.steps:
        current = ' aria-current="step"'
        items = [
            f"<li{'' if s.finished else current}><strong>{escape_name(s.name)}</strong> — "
            f'{escape_name(s.agency)}<br><span class="muted">{s.times}</span> '
            f'<span class="t {s.verdict.css}">{s.verdict.label}</span></li>'
            for s in status.steps
        ]
        parts.append(f'<h3>{t["agencies"]}</h3><ol class="timeline lookup-steps">')
        parts.append("\n".join(items))
        parts.append("</ol>")
    parts.append("</section>")
    return "\n".join(parts)


def _input(name: str, field: str, error: str, extra: str) -> tuple[str, str]:
    """An input's ``aria-*`` attributes and its error paragraph."""
    if error:
        described = (
            f' aria-invalid="true" aria-describedby="lookup-{field}-help lookup-{field}-error"'
        )
        message = f'<p class="error" id="lookup-{field}-error">{escape(error)}</p>'
        return described + extra, message
    return f' aria-describedby="lookup-{field}-help"' + extra, ""


def form(query: Query, found: bool, t: dict[str, str]) -> str:
    errors = query.errors
    code_focus = "" if query.code else " autofocus"
    factor_focus = " autofocus" if query.code and not query.submitted else ""
    code_attrs, code_error = _input(CODE_PARAM, "code", errors.get("code", ""), code_focus)
    factor_attrs, factor_error = _input(
        FACTOR_PARAM, "factor", errors.get("factor", ""), factor_focus
    )
    title = t["another"] if found else t["form_title"]
    return (
        '<section aria-labelledby="lookup-form-title" class="card lookup-form">'
        f'<h2 id="lookup-form-title">{title}</h2>'
        f'<p class="help">{t["intro"]}</p>'
        f'<form method="get" action="{t["action"]}" id="lookup-form">'
        '<div class="field">'
        f'<label for="lookup-code">{t["code"]} <span aria-hidden="true">*</span></label>'
        f'<input type="text" id="lookup-code" name="{CODE_PARAM}" value="{escape(query.code)}" '
        f'maxlength="{CODE_MAX_LENGTH}" required autocomplete="off" autocapitalize="characters" '
        f'spellcheck="false" class="code"{code_attrs}>'
        f'<p class="help" id="lookup-code-help">{t["code_help"]}</p>{code_error}</div>'
        '<div class="field">'
        f'<label for="lookup-factor">{t["factor"]} <span aria-hidden="true">*</span></label>'
        f'<input type="text" id="lookup-factor" name="{FACTOR_PARAM}" value="" '
        'inputmode="numeric" pattern="[0-9]{4}" maxlength="4" size="6" required '
        f'autocomplete="off"{factor_attrs}>'
        f'<p class="help" id="lookup-factor-help">{t["factor_help"]}</p>{factor_error}</div>'
        f'<button type="submit">{t["submit"]}</button></form></section>'
    )


def body(
    *,
    query: Query,
    status=None,
    not_found=False,
    refused_until_text: str = "",
    language: str | None = None,
) -> str:
    """The content of the lookup page: the result if any, why not if refused or not found, and
    the form."""
    t = phrases(language)
    parts = [f"<h1>{t['title']}</h1>"]
    if status is not None:
        parts.append(result(status, t))
    if refused_until_text:
        message = t["refused"] % {"time": escape(refused_until_text)}
        parts.append(
            f'<div class="error-box" role="alert" id="lookup-refused"><p>{message}</p></div>'
        )
    elif not_found:
        parts.append(
            '<div class="error-box" role="alert" id="lookup-not-found">'
            f"<p>{t['not_found']}</p></div>"
        )
    parts.append(form(query, status is not None, t))
    return "\n".join(parts)
