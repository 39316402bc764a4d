"""Grant figures in prose: press releases and news items → allocation records.

Reads the way a careful auditor does. For every rupiah amount in a text it decides whether it
is a grant to one body (KPU incl. KIP, Bawaslu incl. Panwaslih, Polri units, TNI units), and
if so which body, which stage, which granting region and which date, keeping the sentence
and the character span it came from. Figures that are not grants to one body are left out,
with the reason kept for review: previous elections' grants, totals split between bodies,
spending, cost estimates, increases and decreases, ranges, campaign funds, national totals.

The rules are plain and ordered; each decision is named in the record's ``basis`` so a
reviewer can see why a figure was read the way it was.
"""

from __future__ import annotations

import datetime as dt
import re

from hibah.parse.amounts import AmountParseError, juta_below_peers, parse_amount
from hibah.parse.dates import find_dates
from hibah.parse.press.bodies import (
    Figure,
    SentenceBodies,
    _body_for,
    _document_body,
    _names_body,
    find_bodies,
)
from hibah.parse.press.exclusions import (
    _AGGREGATE,
    _BREAKDOWN_OPEN,
    _CHANGE_BEFORE,
    _PREVIOUS,
    _SENTENCE_EXCLUDE,
    _TOTAL_WORD,
    BREAKDOWN_OPENER,
    RANGE,
    _drop_parts_after_their_whole,
    _drop_parts_before_their_sum,
    _drop_restatements,
    _drop_sums_of_following_parts,
    _drop_totals_after_the_bodies,
    _drop_totals_broken_down_next,
    _drop_totals_of_the_bodies_after,
    _drop_totals_told_again,
    _left_out,
    _why_no_grants,
)
from hibah.parse.press.places import _document_region, _region_for
from hibah.parse.press.records import PressRecord, Skipped
from hibah.parse.press.stages import (
    _INSTALMENT_LIST,
    _WHOLE_OF,
    WHOLE,
    _proposal_revised,
    _stage,
    _stage_beside,
    _stages_by_document,
    _whole_spent_from,
)
from hibah.parse.press.text import (
    _AMOUNT,
    MAX_SENTENCE,
    _is_money,
    link_lines,
    sentences,
    without_links,
)
from hibah.parse.regions import Gazetteer

__all__ = [
    "MAX_SENTENCE",
    "BodyMention",
    "PressRecord",
    "Skipped",
    "extract",
    "find_bodies",
    "sentences",
]


def extract(
    text: str,
    gazetteer: Gazetteer,
    published: dt.date | None = None,
    skipped: list[Skipped] | None = None,
) -> list[PressRecord]:
    """Grant records in ``text``. ``published`` dates the document (and years "(20/3)").

    Pass a list as ``skipped`` to learn which amounts were left out and why.
    """
    skipped = skipped if skipped is not None else []
    links = link_lines(text)
    if links:  # lines linking to other items: their figures are not this text's
        skipped.extend(
            Skipped(m.group(0), m.start(), "a link to another item")
            for start, end in links
            for m in _AMOUNT.finditer(text, start, end)
        )
        text = without_links(text)
    dates = find_dates(text, published)
    doc_date = next((d.date for d in dates), published)
    spans = sentences(text)
    why_none = _why_no_grants(text, published or doc_date, spans)
    if why_none:
        skipped.extend(Skipped(m.group(0), m.start(), why_none) for m in _AMOUNT.finditer(text))
        return []
    bodies = find_bodies(text)
    doc_body = _document_body(bodies)
    doc_region = _document_region(text, gazetteer)
    date_flags = ["weekday-mismatch"] if dates and dates[0].weekday_ok is False else []

    records: list[PressRecord] = []
    previous_start = None
    for s_start, s_end in spans:
        sentence = text[s_start:s_end]
        if (
            previous_start is not None
            and _THEN.match(sentence)
            and _PREVIOUS.search(text, previous_start, s_start)
        ):
            # "... sama dengan hibah Pilkada 2018. Kala itu KPU hanya memakai Rp 10 milyar"
            skipped.extend(
                Skipped(m.group(0), s_start + m.start(), "previous election or comparison")
                for m in _AMOUNT.finditer(sentence)
            )
            previous_start = s_start
            continue
        if _SENTENCE_EXCLUDE.search(sentence):
            skipped.extend(
                Skipped(
                    m.group(0),
                    s_start + m.start(),
                    "combined, campaign, reserve-fund or national figure",
                )
                for m in _AMOUNT.finditer(sentence)
            )
            continue
        records.extend(
            _sentence_records(
                text,
                s_start,
                s_end,
                bodies,
                doc_body,
                doc_region,
                doc_date,
                gazetteer,
                records,
                skipped,
                previous_start,
            )
        )
        previous_start = s_start
    _stages_by_document(text, records, bodies, spans)  # first: the drops compare stages
    records = _drop_totals_broken_down_next(text, records, spans, bodies, skipped)
    records = _drop_totals_of_the_bodies_after(records, skipped)
    records = _drop_totals_after_the_bodies(text, records, skipped)
    records = _drop_totals_told_again(text, records, skipped)
    records = _drop_sums_of_following_parts(records, skipped)
    records = _drop_parts_after_their_whole(records, skipped)
    records = _drop_parts_before_their_sum(text, records, skipped)
    records = _drop_restatements(records, skipped, gazetteer)
    for record, suspect in zip(records, juta_below_peers([r.amount for r in records]), strict=True):
        record.flags.extend(date_flags)
        if suspect:
            record.flags.append("juta-below-peers")
    return records


# A sentence opening on a breakdown: "Rinciannya, ", "Adapun rinciannya: "
_BREAKDOWN_HEAD = re.compile(BREAKDOWN_OPENER + r"\s*[,:]?\s*$", re.I)
# A sentence set at the time the sentence before named: "Kala itu", "Saat itu"
_THEN = re.compile(r"\s*(?:pada\s+)?(?:kala|saat|ketika|waktu|masa)\s+itu\b", re.I)
# The next item of a list, after the body the figure before was for: "untuk KPU dan "
_NEXT_IN_LIST = re.compile(
    r"\s*(?:untuk|bagi|kepada|ke)\s+[^,;.:]{1,60}?(?:,|\s+dan|\s+serta)\s*$", re.I
)
_CONTRAST = re.compile(r";|\b(?:tetapi|tapi|namun|melainkan)\b", re.I)
# The figure before told again, more exactly or in other words: "Rp35,8 triliun, atau
# tepatnya Rp35.817.670. 991.000", "Rp 974 miliar, tepatnya Rp 974.358.715.000"
_TOLD_AGAIN = re.compile(
    r"\s*,?\s*(?:atau|alias|yakni|yaitu)?\s*(?:lebih\s+)?(?:tepatnya|persisnya|rincinya)\s*"
    r"(?:sebesar\s*|senilai\s*)?",
    re.I,
)


# The rest of something, right before its figure: "sisanya Rp 500 juta"
_REST_TO = re.compile(r"\bsisanya\s*(?:sebesar\s*|senilai\s*)?$", re.I)


def _sentence_records(
    text,
    s_start,
    s_end,
    bodies,
    doc_body,
    doc_region,
    doc_date,
    gazetteer,
    records,
    skipped,
    previous_start=None,
) -> list[PressRecord]:
    """The grant records of one sentence. One pass over its figures, in order, because the
    rules share what came before: an earlier election named, a breakdown opened, the stage
    of a total whose parts follow, the bodies of a pair still to be given their figures.
    (Long for that reason: split, the state it carries from figure to figure would have to
    be passed in and out of every part.)"""
    sentence = text[s_start:s_end]
    mentions = [m for m in _AMOUNT.finditer(sentence) if _is_money(m.group(0))]
    state = SentenceBodies(text, s_start, s_end, bodies, doc_body, records, previous_start)
    in_sentence, out = state.in_sentence, state.out
    previous_seen = False
    breakdown = False
    changes = False  # the figure before was a change, and the list it opened goes on
    total_stage: str | None = None  # of the last total over bodies: its parts follow it
    instalments = False  # a list of instalments is open: the figures after are tranche 2
    year = doc_date.year if doc_date else None
    seg_start = s_start
    reason: str | None = None
    for i, m in enumerate(mentions):
        a_start, a_end = s_start + m.start(), s_start + m.end()
        before = text[seg_start:a_start]
        after_end = s_start + mentions[i + 1].start() if i + 1 < len(mentions) else s_end
        after = text[a_end:after_end]
        seg_start = a_end
        try:
            amount = parse_amount(m.group(0))
        except AmountParseError as exc:
            skipped.append(Skipped(m.group(0), a_start, f"unreadable: {exc}"))
            reason = None
            continue
        cues = list(_PREVIOUS.finditer(before))
        cue = cues[-1] if cues else None
        # A previous election or comparison covers the figures after it, until a body is
        # named again: "... sisa anggaran pilkada sebelumnya, yang dicairkan ke KPU Rp45 M".
        since = a_start - len(before) + cue.end() if cue is not None else a_start - len(before)
        named_since = any(since <= b.start < a_start for b in in_sentence)
        if cue is not None:
            previous_seen = not named_since
        elif named_since:
            previous_seen = False
        left_out_before = reason
        if left_out_before and _TOLD_AGAIN.fullmatch(before):
            reason = left_out_before  # the figure before, told again: left out as it was
        elif breakdown:
            reason = "part of a total already given"
        elif changes and _NEXT_IN_LIST.match(before):
            reason = "total, change, spending, estimate or range"  # "... dan Rp 2 M untuk Bawaslu"
        elif previous_seen:
            reason = "previous election or comparison"
        else:
            reason = _left_out(
                text,
                (s_start, s_end),
                (a_start, a_end),
                before,
                after,
                i,
                len(mentions),
                bodies,
                in_sentence,
            )
        # a list of changes: "penambahan anggaran Rp 3 miliar untuk KPU dan Rp 2 miliar ..."
        changes = bool(reason) and (changes or bool(_CHANGE_BEFORE.search(before)))
        if _BREAKDOWN_OPEN.search(before) and re.match(r"^\s*itu\b", after):
            breakdown = True
        # "Rinciannya, Rp32,38 miliar itu untuk persiapan Rp10,19 miliar, ...": a figure told
        # again opens its breakdown by item; (by body, "... itu untuk KPU Rp X", its parts stay)
        if (
            i == 0
            and _BREAKDOWN_HEAD.match(before)
            and re.match(r"\s*(?:itu|tersebut)\b", after)
            and not _names_body(in_sentence, a_end, s_end)
        ):
            breakdown = True
        if reason in (
            "total over several bodies",
            "total split between bodies or units",
            RANGE,
        ) and (
            total_stage is None or not _WHOLE_OF.match(before)  # "... dari pagu Rp 50 M:"
        ):
            of_total = _stage(sentence, before, after, len(mentions), year, i + 1 < len(mentions))
            if of_total is not None:  # (the upper end of a range says none of its own)
                total_stage = "nphd" if of_total == WHOLE else of_total
        if reason:
            skipped.append(Skipped(m.group(0), a_start, reason))
            continue

        body, unit, basis = _body_for(Figure(a_start, a_end, before, after), state)
        if body is None:
            # (a total, or one the bodies after it share: "Rp7,9 miliar, untuk KPU Rp5,8
            # miliar dan Bawaslu Rp2,1 miliar", "Total yang dihibahkan ... Rp 66 miliar")
            after_it = {b.body for b in in_sentence if b.start >= a_end}
            several = len(after_it) > 1 or _TOTAL_WORD.search(before)
            why = "total over several bodies" if several else "no body named"
            skipped.append(Skipped(m.group(0), a_start, why))
            if total_stage is None and i + 1 < len(mentions):
                # "Pada 2023 anggaran terealisasi Rp7,9 miliar, untuk KPU Rp5,8 miliar dan
                # ...": whose it is the figures after it tell, and they take its stage
                of_total = _stage(sentence, before, after, len(mentions), year, True)
                total_stage = "nphd" if of_total == WHOLE else of_total
            continue
        region = _region_for(
            text, a_start - len(before), a_start, s_start, s_end, unit, doc_region, gazetteer
        )
        told = out[-1] if out else (records[-1] if records else None)
        if region is doc_region and told is not None and told.region.code != doc_region.code:
            # "... anggaran pilkada 2024 di Mesuji Rp 39,2 miliar ... . Anggaran pengamanannya
            # untuk Polres mencapai Rp 1.300.000.000": a figure whose sentence names no region
            # goes on in the region of the figure before it, not the text's first
            region = told.region
        stage = _stage(sentence, before, after, len(mentions), year, i + 1 < len(mentions))
        whole = stage == WHOLE  # a whole grant: the text's stage for grants, not one nearby
        if whole and total_stage in ("tranche_1", "tranche_2"):
            # "Sisa yang belum terealisasi, Rp27 miliar, yakni Bawaslu Rp5,6 miliar dan KPU
            # Rp21,3 miliar, akan dicairkan bertahap": a tranche's parts, paid in instalments
            stage, whole = total_stage, False
        stage = "nphd" if whole else stage
        if stage == "tranche_2" and out and out[-1].body != body and _REST_TO.search(before):
            # "untuk Polres Rp 1,5 miliar, kemudian sisanya Rp 500 juta untuk Kodim": the
            # rest of a sum split between bodies, not of a grant paid in tranches
            stage = None
        # "Pencairannya dua tahap: Rp25 miliar pada Juni dan Rp50 miliar pada Agustus": the
        # instalments listed are the tranches, in order (a third belongs to the second)
        if stage in (None, "disbursed") and _INSTALMENT_LIST.search(before):
            stage, instalments = "tranche_1", True
        elif instalments and stage in (None, "disbursed"):
            stage = "tranche_2"
        # a figure without a stage word of its own is at the stage of the one before it in
        # the sentence, within one clause ("KPU Rp21 miliar, Bawaslu Rp7 miliar"), not
        # across a semicolon or a contrast ("mengajukan Rp16 miliar, tetapi kemampuan Pemda
        # hanya Rp11 miliar")
        carried = out[-1] if out and not _CONTRAST.search(text, out[-1].end, a_start) else None
        if stage is None and carried is not None:
            stage = _stage_beside(carried.stage, carried.body == body, before, after)
        elif stage == "nphd" and carried is not None and _whole_spent_from(carried.stage, before):
            stage = "disbursed"
        if stage is None and total_stage is not None and not out:
            stage = total_stage  # "Tahap pertama Rp 32,8 miliar, yaitu Rp 24,8 miliar bagi KPU"
        if stage is None and _proposal_revised(before, body, records, out):
            stage = "budget"
        flags = list(amount.flags)
        if _AGGREGATE.search(text[s_start:a_start]):
            flags.append("aggregate-figure")
        out.append(
            PressRecord(
                body=body,
                amount=amount,
                stage=stage or (carried.stage if carried else "nphd"),
                region=region,
                as_of=doc_date,  # the document's first date, else its publication date
                start=a_start,
                end=a_end,
                sentence=sentence.strip(),
                sentence_start=s_start,
                recipient_unit=unit,
                flags=flags,
                basis=basis,
                stage_cued=not whole and (bool(stage) or bool(carried and carried.stage_cued)),
            )
        )
    return out
