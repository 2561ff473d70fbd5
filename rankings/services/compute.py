"""The ranking computation, set-based in the database.

1. Chunks of enterprise ids (resumable: ``Ranking.compute_cursor`` advances in the same
   transaction as each chunk's rows): exclusions, then one INSERT ... SELECT aggregating the
   monthly figures and dispute counts into ``RankingEntry`` rows.
2. One pass over the whole population: ``rank()`` windows give each metric's percent rank;
   the score and the final ``row_number()`` rank follow. On PostgreSQL this is one UPDATE with
   exact numeric arithmetic; on SQLite (development) the integer ranks come from the same
   windows and the score is computed by ``rules.score``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection, transaction

from enterprises.models import Enterprise, InsuranceMonth, LabourDispute
from rankings import rules
from rankings.models import METRICS, Ranking, RankingEntry, RankingExclusion

CHUNK = 25_000

T_ENTRY = RankingEntry._meta.db_table
T_EXCL = RankingExclusion._meta.db_table
T_ENT = Enterprise._meta.db_table
T_IM = InsuranceMonth._meta.db_table
T_DISP = LabourDispute._meta.db_table


def year_bounds(year: int) -> dict:
    return {
        "y0": dt.date(year, 1, 1),
        "y1": dt.date(year, 12, 31),
        "jan1": dt.date(year, 1, 31),
        "dec0": dt.date(year, 12, 1),
        "prev0": dt.date(year - 1, 12, 1),
        "prev1": dt.date(year - 1, 12, 31),
    }


def year_has_data(year: int) -> bool:
    b = year_bounds(year)
    return InsuranceMonth.objects.filter(month__gte=b["y0"], month__lte=b["y1"]).exists()


def max_enterprise_id() -> int:
    return Enterprise.objects.order_by("-id").values_list("id", flat=True).first() or 0


def clear(ranking_id: int) -> None:
    RankingEntry.objects.filter(ranking_id=ranking_id).delete()
    RankingExclusion.objects.filter(ranking_id=ranking_id).delete()


# Dishonest or deregistering enterprises with insurance data in the year are excluded (wage arrears
# are excluded before, from the ids the caller passes).
_EXCLUDE_DISHONEST_SQL = f"""
            INSERT INTO {T_EXCL} (ranking_id, enterprise_id, region_id, reason)
            SELECT %(rid)s, e.id, e.region_id, CASE WHEN e.dishonest THEN 'dishonest' ELSE 'deregistering' END
            FROM {T_ENT} e
            WHERE e.id >= %(lo)s AND e.id < %(hi)s AND (e.dishonest OR e.deregistering)
              AND EXISTS (SELECT 1 FROM {T_IM} im WHERE im.enterprise_id = e.id AND im.month >= %(y0)s AND im.month <= %(y1)s)
              AND NOT EXISTS (SELECT 1 FROM {T_EXCL} x WHERE x.ranking_id = %(rid)s AND x.enterprise_id = e.id)
            """  # noqa: S608 - only model table names are interpolated

# One entry per remaining enterprise insured in all 12 months: the yearly sums, December growth
# (against the previous December, else January) and the year's labour disputes.
_INSERT_ENTRIES_SQL = f"""
            INSERT INTO {T_ENTRY} (ranking_id, enterprise_id, region_id, size_class, uscc, insured_sum, growth, growth_base,
                                   hires, claims, disputes)
            SELECT %(rid)s, e.id, e.region_id, e.size_class, e.uscc, m.insured_sum,
                   m.dec_y - COALESCE(m.dec_prev, m.jan_y),
                   CASE WHEN m.dec_prev IS NULL THEN 'jan' ELSE 'prev_dec' END,
                   m.hires, m.claims, COALESCE(d.n, 0)
            FROM (
                SELECT im.enterprise_id,
                       SUM(CASE WHEN im.month >= %(y0)s AND im.insured_count > 0 THEN 1 ELSE 0 END) AS months_ok,
                       SUM(CASE WHEN im.month >= %(y0)s THEN im.insured_count ELSE 0 END) AS insured_sum,
                       SUM(CASE WHEN im.month >= %(y0)s THEN im.new_insured ELSE 0 END) AS hires,
                       SUM(CASE WHEN im.month >= %(y0)s THEN im.ui_new_claimants ELSE 0 END) AS claims,
                       MAX(CASE WHEN im.month >= %(dec0)s THEN im.insured_count END) AS dec_y,
                       MAX(CASE WHEN im.month <= %(prev1)s THEN im.insured_count END) AS dec_prev,
                       MAX(CASE WHEN im.month >= %(y0)s AND im.month <= %(jan1)s THEN im.insured_count END) AS jan_y
                FROM {T_IM} im
                WHERE im.month >= %(prev0)s AND im.month <= %(y1)s AND im.enterprise_id >= %(lo)s AND im.enterprise_id < %(hi)s
                GROUP BY im.enterprise_id
            ) m
            JOIN {T_ENT} e ON e.id = m.enterprise_id
            LEFT JOIN (
                SELECT enterprise_id, COUNT(*) AS n FROM {T_DISP}
                WHERE filed_date >= %(y0)s AND filed_date <= %(y1)s AND enterprise_id >= %(lo)s AND enterprise_id < %(hi)s
                GROUP BY enterprise_id
            ) d ON d.enterprise_id = e.id
            WHERE m.months_ok = 12
              AND NOT EXISTS (SELECT 1 FROM {T_EXCL} x WHERE x.ranking_id = %(rid)s AND x.enterprise_id = e.id)
            """  # noqa: S608 - only model table names are interpolated

# Enterprises with insurance data in the year but neither an entry nor an exclusion: incomplete.
_EXCLUDE_INCOMPLETE_SQL = f"""
            INSERT INTO {T_EXCL} (ranking_id, enterprise_id, region_id, reason)
            SELECT %(rid)s, e.id, e.region_id, 'incomplete'
            FROM {T_ENT} e
            WHERE e.id >= %(lo)s AND e.id < %(hi)s
              AND EXISTS (SELECT 1 FROM {T_IM} im WHERE im.enterprise_id = e.id AND im.month >= %(y0)s AND im.month <= %(y1)s)
              AND NOT EXISTS (SELECT 1 FROM {T_ENTRY} r WHERE r.ranking_id = %(rid)s AND r.enterprise_id = e.id)
              AND NOT EXISTS (SELECT 1 FROM {T_EXCL} x WHERE x.ranking_id = %(rid)s AND x.enterprise_id = e.id)
            """  # noqa: S608 - only model table names are interpolated


def compute_chunk(ranking: Ranking, lo: int, hi: int, wage_arrears_ids: set[int]) -> None:
    """Insert exclusions and entries for enterprises with ``lo <= id < hi``, in this order: wage
    arrears, dishonest or deregistering, the entries, then the incomplete rest."""
    p = {"rid": ranking.pk, "lo": lo, "hi": hi, **year_bounds(ranking.year)}
    _exclude_wage_arrears(ranking, sorted(i for i in wage_arrears_ids if lo <= i < hi))
    with connection.cursor() as cur:
        cur.execute(_EXCLUDE_DISHONEST_SQL, p)
        cur.execute(_INSERT_ENTRIES_SQL, p)
        cur.execute(_EXCLUDE_INCOMPLETE_SQL, p)


def _exclude_wage_arrears(ranking: Ranking, enterprise_ids: list[int]) -> None:
    """The enterprises the caller names (a substantiated wage-arrears case in the year) are excluded first."""
    if enterprise_ids:
        RankingExclusion.objects.bulk_create(
            [
                RankingExclusion(ranking_id=ranking.pk, enterprise_id=eid, region_id=rid, reason=RankingExclusion.Reason.WAGE_ARREARS)
                for eid, rid in Enterprise.objects.filter(pk__in=enterprise_ids).values_list("id", "region_id")
            ]
        )


_RANKS_SQL = f"""
    SELECT id, insured_sum, uscc,
           RANK() OVER (ORDER BY insured_sum) - 1 AS r_total,
           RANK() OVER (ORDER BY growth) - 1 AS r_growth,
           RANK() OVER (ORDER BY hires) - 1 AS r_hires,
           RANK() OVER (ORDER BY {{layoff}} DESC) - 1 AS r_layoff,
           RANK() OVER (ORDER BY {{dispute}} DESC) - 1 AS r_dispute,
           COUNT(*) OVER () AS n
    FROM {T_ENTRY} WHERE ranking_id = %(rid)s
"""  # noqa: S608 - only model table names are interpolated

# PostgreSQL: percentiles, score (exact numeric, ROUND = half-up for non-negative values) and rank
# in ONE update (each updated row is written once).
_PG_FINALISE = f"""
    UPDATE {T_ENTRY} AS r SET
        p_total = s.p_total, p_growth = s.p_growth, p_hires = s.p_hires, p_layoff = s.p_layoff, p_dispute = s.p_dispute,
        score = s.score, rank = s.rn
    FROM (
        SELECT t.*, ROW_NUMBER() OVER (ORDER BY t.score DESC, t.insured_sum DESC, t.uscc ASC) AS rn
        FROM (
            SELECT w.id, w.insured_sum, w.uscc,
                   {{pct_total}} AS p_total, {{pct_growth}} AS p_growth, {{pct_hires}} AS p_hires,
                   {{pct_layoff}} AS p_layoff, {{pct_dispute}} AS p_dispute,
                   CASE WHEN w.n > 1 THEN ROUND(100 * (%(w_total)s * w.r_total + %(w_growth)s * w.r_growth
                        + %(w_hires)s * w.r_hires + %(w_layoff)s * w.r_layoff + %(w_dispute)s * w.r_dispute)::numeric
                        / (w.n - 1), 2) ELSE 0 END AS score
            FROM ({{ranks}}) w
        ) t
    ) s
    WHERE r.id = s.id
"""  # noqa: S608 - only model table names are interpolated


def finalise(ranking: Ranking) -> int:
    """Percentiles, scores and ranks over the whole population. Returns the population size."""
    weights = rules.parse_weights(ranking.weights)
    if connection.vendor == "postgresql":
        ranks = _RANKS_SQL.format(layoff="claims::numeric / insured_sum", dispute="disputes::numeric / insured_sum")
        pct = "CASE WHEN w.n > 1 THEN ROUND(w.r_{m}::numeric / (w.n - 1), 6) ELSE 0 END"
        sql = _PG_FINALISE.format(ranks=ranks, **{f"pct_{m}": pct.format(m=m) for m in METRICS})
        with connection.cursor() as cur:
            cur.execute(sql, {"rid": ranking.pk, **{f"w_{m}": weights[m] for m in METRICS}})
        return RankingEntry.objects.filter(ranking_id=ranking.pk).count()
    # SQLite (development): the same windows give the integer ranks; rules.score rounds.
    ranks = _RANKS_SQL.format(layoff="CAST(claims AS REAL) / insured_sum", dispute="CAST(disputes AS REAL) / insured_sum")
    with connection.cursor() as cur:
        cur.execute(ranks, {"rid": ranking.pk})
        rows = cur.fetchall()
    scored = []
    for row in rows:
        n = row[8]
        by_metric = dict(zip(METRICS, row[3:8], strict=True))
        score = rules.score(by_metric, n, weights)
        entry = RankingEntry(pk=row[0], score=score)
        for m in METRICS:
            setattr(entry, f"p_{m}", rules.percentile(by_metric[m], n))
        scored.append((entry, score, row[1], row[2]))
    scored.sort(key=lambda item: (-item[1], -item[2], item[3]))
    for position, (entry, _score, _sum, _uscc) in enumerate(scored, start=1):
        entry.rank = position
    RankingEntry.objects.bulk_update([item[0] for item in scored], ["score", "rank", *[f"p_{m}" for m in METRICS]], batch_size=500)
    return len(scored)


def display_total(insured_sum: int) -> Decimal:
    return (Decimal(insured_sum) / 12).quantize(Decimal("0.01"))


@transaction.atomic
def run_chunk(ranking_id: int, lo: int, hi: int, wage_arrears_ids: set[int]) -> bool:
    """One chunk and the cursor move, in one transaction. False if another run already did it."""
    ranking = Ranking.objects.select_for_update().get(pk=ranking_id)
    if ranking.status != Ranking.Status.COMPUTING or ranking.compute_cursor != lo:
        return False
    compute_chunk(ranking, lo, hi, wage_arrears_ids)
    Ranking.objects.filter(pk=ranking_id).update(compute_cursor=hi)
    return True
