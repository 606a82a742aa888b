"""Names and key facts of the nodes, for pages people read (entity pages and the index).

A node with a label is named by it (in the reader's language, a fallback marked); a node without
one — a commitment, a participation, an office term, a plan — by its key facts
("¥3 trillion over 5 years, pledged by Japan"). Literals are written as the language writes
dates and numbers.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from casummit_rdf.i18n import format_amount, format_date, format_number, format_period, format_years, t
from casummit_rdf.labels import Labels, short_name
from casummit_rdf.namespaces import CAS, ID, PREFIXES, RDF_TYPE
from casummit_rdf.serve.layout import h

RDFS_COMMENT = PREFIXES["rdfs"] + "comment"
DCT = PREFIXES["dct"]
SCHEMA = PREFIXES["schema"]
XSD = PREFIXES["xsd"]
MEETING_TYPES = {CAS + "Summit", CAS + "Meeting"}


class Describer:
    """Reads a read-only store and writes its nodes' names, key facts and links as HTML."""

    def __init__(self, store: ox.Store):
        self.store = store
        self.labels = Labels(store)

    # -- reading ------------------------------------------------------------------------------

    def objects(self, subject: ox.NamedNode | ox.BlankNode, predicate: str) -> list:
        return [q.object for q in self.store.quads_for_pattern(subject, ox.NamedNode(predicate), None)]

    def subjects(self, predicate: str, obj: ox.NamedNode) -> list:
        return [q.subject for q in self.store.quads_for_pattern(None, ox.NamedNode(predicate), obj)]

    def first(self, subject, predicate: str):  # noqa: ANN001, ANN202 - pyoxigraph terms
        if subject is None:
            return None
        values = self.objects(subject, predicate)
        return values[0] if values else None

    def types(self, node: object) -> set[str]:
        if not isinstance(node, (ox.NamedNode, ox.BlankNode)):
            return set()
        return {t_.value for t_ in self.objects(node, RDF_TYPE) if isinstance(t_, ox.NamedNode)}

    def has_label(self, node: object) -> bool:
        return isinstance(node, ox.NamedNode) and node.value in self.labels.table()

    # -- names and key facts --------------------------------------------------------------------

    def name(self, node: object, lang: str) -> str:
        """A node's name; nodes without a label are named by their key facts."""
        if self.has_label(node) or not isinstance(node, (ox.NamedNode, ox.BlankNode)):
            return self.labels.text(node, lang)
        described = self.describe(node, lang)
        return described or self.labels.text(node, lang)

    def describe(self, node: ox.NamedNode | ox.BlankNode, lang: str) -> str:
        """The key facts of a node in one phrase (a commitment as "¥3 trillion over 5 years, pledged by Japan")."""
        types = self.types(node)
        first = lambda p: self.first(node, p)  # noqa: E731
        label = lambda n: self.labels.text(n, lang) if n is not None else ""  # noqa: E731
        if CAS + "Commitment" in types:
            amount, currency = first(CAS + "amount"), first(SCHEMA + "currency")
            parts = []
            qualifier = first(CAS + "quantityQualifier")
            if amount is not None:
                money = format_amount(amount.value, currency.value if currency is not None else None, lang)
                if qualifier is not None and qualifier.value != CAS + "Exactly":
                    money = f"{label(qualifier)} {money}"
                parts.append(money)
            years = first(CAS + "periodYears")
            if years is not None and years.value.isdigit():
                parts.append(t("commitment.over", lang, years=format_years(int(years.value), lang)))
            head = " ".join(parts)
            by = [label(a) for a in self.objects(node, CAS + "pledgedBy")]
            if by:
                joiner = " " if lang == "ru" else ", "
                head = f"{head}{joiner}{t('commitment.by', lang, actor=', '.join(by))}" if head else ", ".join(by)
            if not head:
                purpose = first(CAS + "purpose")
                head = purpose.value if purpose is not None else ""
            return head
        if CAS + "Participation" in types:
            person, state = first(CAS + "participant"), first(CAS + "represents")
            meeting = first(CAS + "atSummit") or first(CAS + "atMeeting")
            who = label(person) or label(state)
            extra = f" ({label(state)})" if person is not None and state is not None else ""
            return f"{who}{extra} — {label(meeting)}" if meeting is not None else who
        if CAS + "OfficeTerm" in types:
            holder, office = first(CAS + "holder"), first(CAS + "office")
            start, end = first(SCHEMA + "startDate"), first(SCHEMA + "endDate")
            text = f"{label(holder)}: " + t("term.held", lang, office=label(office), start=format_date(start.value if start is not None else "", lang))
            if end is not None:
                text += " " + t("term.until", lang, end=format_date(end.value, lang))
            return text
        if CAS + "NextSummitPlan" in types:
            where = [label(x) for x in (first(CAS + "plannedCity"), first(CAS + "plannedHost")) if x is not None]
            year = first(CAS + "plannedYear")
            text = t("plan.host", lang, host=", ".join(where) or "?") + (f" ({year.value})" if year is not None else "")
            status = first(CAS + "decisionStatus")
            return text + (f" — {label(status)}" if status is not None else "")
        if CAS + "AgreementCount" in types:
            value, qualifier = first(CAS + "countValue"), first(CAS + "quantityQualifier")
            q = label(qualifier) if qualifier is not None and qualifier.value != CAS + "Exactly" else ""
            return t("count.value", lang, qualifier=q, count=format_number(value.value, lang) if value is not None else "?").strip()
        if CAS + "SourceConflict" in types:
            concerns, prop = first(CAS + "concerns"), first(CAS + "conflictingProperty")
            what = label(ox.NamedNode(prop.value)) if prop is not None else ""
            return f"{self.labels.text(ox.NamedNode(CAS + 'SourceConflict'), lang)}: {what} — {self.name(concerns, lang) if concerns is not None else ''}"
        if CAS + "Source" in types:
            title = first(DCT + "title")
            if title is not None:
                return title.value
        if CAS + "Milestone" in types:
            comment = first(RDFS_COMMENT)
            return comment.value if comment is not None else ""
        return ""

    def key_facts(self, node: object, lang: str) -> str:
        """A short line of facts after a related node's name (date, place, status)."""
        if not isinstance(node, ox.NamedNode):
            return ""
        types = self.types(node)
        if types & MEETING_TYPES:
            start, end = self.first(node, SCHEMA + "startDate"), self.first(node, SCHEMA + "endDate")
            status = self.first(node, SCHEMA + "eventStatus")
            bits = [format_period(start.value if start is not None else None, end.value if end is not None else None, lang)]
            if status is not None and status.value != CAS + "Held":
                bits.append(self.labels.text(status, lang))
            return " · ".join(b for b in bits if b)
        for predicate in (CAS + "adoptedOn", DCT + "issued"):
            date = self.first(node, predicate)
            if date is not None:
                return format_date(date.value, lang)
        return ""

    def link(self, node: object, lang: str, *, facts: bool = False) -> str:
        """HTML for a term: a local link by name, an outside link, or a formatted literal."""
        if isinstance(node, ox.Literal):
            return self.literal(node, lang)
        if isinstance(node, ox.NamedNode):
            label = self.labels.get(node, lang)
            text = self.name(node, lang) if not self.has_label(node) else label.text
            mark = ""
            if self.has_label(node) and label.fallback:
                mark = f' class="fallback" lang="{h(label.lang or "und")}" title="{h(t("entity.fallback", lang, wanted=lang, other=label.lang or "?"))}"'
            extra = self.key_facts(node, lang) if facts else ""
            extra_html = f' <span class="facts">{h(extra)}</span>' if extra else ""
            if node.value.startswith(ID):
                return f'<a href="/id/{h(node.value[len(ID):])}?lang={lang}"{mark}>{h(text)}</a>{extra_html}'
            if node.value.startswith(CAS):
                return f'<span title="{h(short_name(node.value))}"{mark}>{h(text)}</span>'
            if re.match(r"^https?://", node.value):
                return f'<a href="{h(node.value)}" rel="external noopener">{h(text)}</a>'
            return h(text)
        return h(self.name(node, lang))

    def literal(self, node: ox.Literal, lang: str) -> str:
        datatype = node.datatype.value if node.datatype is not None else ""
        value = node.value
        if datatype == XSD + "anyURI" and re.match(r"^https?://", value):
            return f'<a href="{h(value)}" rel="external noopener">{h(value)}</a>'
        if datatype in (XSD + "date", XSD + "gYear", XSD + "gYearMonth"):
            return f'<time datetime="{h(value)}">{h(format_date(value, lang))}</time>'
        if datatype in (XSD + "integer", XSD + "decimal", XSD + "positiveInteger", XSD + "nonNegativeInteger"):
            return h(format_number(value, lang))
        marker = f' <span class="lang">{h(node.language)}</span>' if node.language and node.language != lang else ""
        attr = f' lang="{h(node.language)}"' if node.language else ""
        return f"<span{attr}>{h(value)}</span>{marker}"

    def sort_date(self, node: object) -> str:
        if not isinstance(node, ox.NamedNode):
            return ""
        for predicate in (SCHEMA + "startDate", CAS + "adoptedOn", DCT + "issued"):
            value = self.first(node, predicate)
            if value is not None:
                return value.value
        return ""
