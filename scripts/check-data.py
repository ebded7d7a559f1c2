#!/usr/bin/env python3
"""Check the region data files (docs/data-format.md) without starting the app.

    python3 scripts/check-data.py                 # every data/<region>/ with a region.yaml
    python3 scripts/check-data.py --seed FILE     # also compare *_source cells and slides with the
                                                  # text of the source deck (tab-separated tables)

Checks: every file parses; known keys only; ids are slugs and unique; list numbers run 1..n
exactly once (and match EXPECTED_ROWS where given); every participant, performer and parent is a
body id; no duplicate body ids, names or aliases; topics and legal forms exist in the taxonomies;
every `derived` entry names a field that exists in the record; fuzzy dates, AGS and org_unit are
strings (quoted in YAML). Exit code 1 on any problem. Needs PyYAML only.
"""
import argparse
import re
import sys
import unicodedata
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / 'data'

SLUG = re.compile(r'^[a-z0-9][a-z0-9-]*$')
BODY_KINDS = {'kreis', 'stadt', 'gemeinde', 'kreisfreie-stadt', 'landschaftsverband', 'regionalverband',
              'bezirksregierung', 'regierungsbezirk', 'landesbetrieb', 'zweckverband', 'aoer', 'unternehmen',
              'verein', 'kammer', 'einrichtung', 'sonstige'}
ROLES = {'lead', 'member', 'performer', 'client', 'contract', 'associated', 'owner'}
STATUSES = {'active', 'planned', 'under_review', 'ended', 'temporary'}
PERFORMER_KINDS = {'body', 'jointly', 'each', 'unknown'}
EVENT_KINDS = {'founding', 'start', 'new_version', 'extension', 'continuation', 'conversion', 'termination',
               'partner_left', 'partner_joined', 'planned'}
DERIVABLE = {'title', 'legal_form', 'topics', 'status', 'performer', 'start', 'end', 'participants',
             'partner_groups', 'events', 'description'}

BODY_KEYS = {'id', 'name', 'official_name', 'kind', 'ags', 'aliases', 'parent', 'lat', 'lon', 'note'}
REGION_KEYS = {'id', 'name', 'kreis_body', 'source', 'lists'}
COOP_KEYS = {'id', 'list', 'number', 'slide', 'org_unit', 'title', 'title_source', 'partners_source',
             'performer_source', 'performer', 'legal_form', 'legal_form_source', 'start_source', 'start', 'end',
             'status', 'topics', 'description', 'notes', 'derived', 'participants', 'partner_groups', 'events'}
COOP_REQUIRED = {'id', 'list', 'number', 'slide', 'title', 'title_source', 'performer', 'legal_form',
                 'start_source', 'start', 'status', 'topics', 'derived', 'participants'}
PARTICIPANT_KEYS = {'body', 'role', 'joined', 'left', 'note'}
GROUP_KEYS = {'label', 'count', 'note'}
EVENT_KEYS = {'kind', 'date', 'text'}

# Row counts of the source tables, where known: {region: {list: rows}}.
EXPECTED_ROWS = {'kreis-unna': {'kreis': 48, 'kommunen': 55}}
# Lists whose source has the columns Partner / Aufgabenerledigung durch / Rechtsform (towns' list);
# the others (the Kreis list) have an Org. column instead.
LISTS_WITH_PARTNER_COLUMNS = {'kommunen'}

problems: list[str] = []


def problem(where: str, msg: str) -> None:
    problems.append(f'{where}: {msg}')


def load(path: Path):
    try:
        with open(path, encoding='utf-8') as f:
            return yaml.safe_load(f)
    except (OSError, yaml.YAMLError) as e:
        problem(str(path), f'cannot read: {e}')
        return None


def fold(s: str) -> str:
    """Case-, accent- and punctuation-insensitive key for comparing names and spellings."""
    s = unicodedata.normalize('NFKD', s.casefold())
    s = ''.join(c for c in s if not unicodedata.combining(c))
    return re.sub(r'[^a-z0-9%]+', ' ', s).strip()


def check_keys(where: str, obj, allowed: set, required: set = frozenset()) -> bool:
    if not isinstance(obj, dict):
        problem(where, f'expected a mapping, got {type(obj).__name__}')
        return False
    for k in obj:
        if k not in allowed:
            problem(where, f'unknown key {k!r}')
    for k in required:
        if k not in obj or obj[k] is None:
            problem(where, f'missing {k!r}')
    return True


def check_str(where: str, value, what: str, allow_empty=False) -> None:
    if not isinstance(value, str):
        problem(where, f'{what} must be a (quoted) string, got {type(value).__name__} {value!r}')
    elif not allow_empty and value.strip() == '':
        problem(where, f'{what} is empty')


def seed_tables(seed: Path) -> dict:
    """Table rows of the deck text: {list: {number: {'cells': [...], 'slide': n}}}.
    A "Folie N" footer follows the rows of its slide; a table slide without footer gets the next one - 1."""
    chunks = []
    cur = None
    for line in seed.read_text(encoding='utf-8').split('\n'):
        if line.startswith('Nr.\tOrg.'):
            cur = {'list': 'kreis', 'rows': [], 'slide': None}
            chunks.append(cur)
        elif line.startswith('Nr.\tAufgabenbereich'):
            cur = {'list': 'kommunen', 'rows': [], 'slide': None}
            chunks.append(cur)
        elif cur is not None:
            if re.match(r'^\d+\t', line):
                cur['rows'].append(line.split('\t'))
            elif (m := re.search(r'Folie (\d+)', line)) and cur['slide'] is None:
                cur['slide'] = int(m.group(1))
                cur = None
    out: dict = {}
    for i, c in enumerate(chunks):
        slide = c['slide'] if c['slide'] is not None else (chunks[i + 1]['slide'] - 1 if i + 1 < len(chunks) else None)
        for cells in c['rows']:
            out.setdefault(c['list'], {})[int(cells[0])] = {'cells': cells, 'slide': slide}
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--data', type=Path, default=DATA)
    ap.add_argument('--seed', type=Path, help='text of the source deck, to compare *_source cells and slides')
    args = ap.parse_args()

    topics = load(args.data / 'taxonomies/topics.yaml') or []
    legal_forms = load(args.data / 'taxonomies/legal-forms.yaml') or []
    topic_ids = {t['id'] for t in topics}
    legal_ids = {l['id'] for l in legal_forms}
    spellings = {l['id']: [fold(s) for s in l.get('spellings', [])] for l in legal_forms}

    regions = sorted(p.parent for p in args.data.glob('*/region.yaml'))
    if not regions:
        problem(str(args.data), 'no region folder with region.yaml')

    all_bodies: dict[str, dict] = {}
    names: dict[str, str] = {}
    region_data = []
    for folder in regions:
        region = load(folder / 'region.yaml')
        bodies = load(folder / 'bodies.yaml') or []
        coop_files = sorted(folder.glob('cooperations*.yaml')) + sorted(folder.glob('cooperations*.yml'))
        coops = []
        for f in coop_files:
            rows = load(f) or []
            if not isinstance(rows, list):
                problem(str(f), 'expected a list of cooperations')
                continue
            coops += [(f.name, r) for r in rows]
        region_data.append((folder, region, bodies, coops))
        if not isinstance(bodies, list):
            problem(str(folder / 'bodies.yaml'), 'expected a list')
            continue
        for b in bodies:
            where = f'{folder.name}/bodies.yaml: {(b.get("id") if isinstance(b, dict) else repr(b))}'
            if not check_keys(where, b, BODY_KEYS, {'id', 'name', 'kind'}):
                continue
            bid = b.get('id')
            if not isinstance(bid, str) or not SLUG.match(bid):
                problem(where, 'id is not a slug')
                continue
            if bid in all_bodies:
                problem(where, 'duplicate body id')
            all_bodies[bid] = b
            if b.get('kind') not in BODY_KINDS:
                problem(where, f'unknown kind {b.get("kind")!r}')
            if 'ags' in b:
                check_str(where, b['ags'], 'ags')
                if isinstance(b['ags'], str) and not re.fullmatch(r'\d{2,12}', b['ags']):
                    problem(where, f'ags {b["ags"]!r} is not 2-12 digits')
            for k, lo, hi in (('lat', -90, 90), ('lon', -180, 180)):
                if k in b and not (isinstance(b[k], (int, float)) and lo <= b[k] <= hi):
                    problem(where, f'{k} {b[k]!r} out of range')
            if ('lat' in b) != ('lon' in b):
                problem(where, 'lat and lon must be given together')
            aliases = b.get('aliases', [])
            if not isinstance(aliases, list):
                problem(where, 'aliases must be a list')
                aliases = []
            for label in [b.get('name', ''), b.get('official_name')] + aliases:
                if label is None:
                    continue
                key = fold(str(label))
                if key in names and names[key] != bid:
                    problem(where, f'name/alias {label!r} also used by {names[key]}')
                names.setdefault(key, bid)

    for folder, region, bodies, coops in region_data:
        rname = folder.name
        if check_keys(f'{rname}/region.yaml', region, REGION_KEYS, {'id', 'name', 'kreis_body'}):
            if region.get('id') != rname:
                problem(f'{rname}/region.yaml', f'id {region.get("id")!r} differs from folder name')
            if region.get('kreis_body') not in all_bodies:
                problem(f'{rname}/region.yaml', f'kreis_body {region.get("kreis_body")!r} is not a body')
            for k, v in (region.get('source') or {}).items():
                check_str(f'{rname}/region.yaml', v, f'source.{k}')
        list_ids = {l.get('id') for l in (region or {}).get('lists', []) if isinstance(l, dict)}

        for bid, b in all_bodies.items():
            if b.get('parent') is not None and b['parent'] not in all_bodies:
                problem(f'{rname}/bodies.yaml: {bid}', f'parent {b["parent"]!r} is not a body')
            if b.get('parent') == bid:
                problem(f'{rname}/bodies.yaml: {bid}', 'is its own parent')

        coop_ids = set()
        numbers: dict[str, list[int]] = {}
        for fname, c in coops:
            where = f'{rname}/{fname}: {(c.get("id") if isinstance(c, dict) else repr(c))}'
            if not check_keys(where, c, COOP_KEYS, COOP_REQUIRED):
                continue
            cid, lid, num = c.get('id'), c.get('list'), c.get('number')
            if cid in coop_ids:
                problem(where, 'duplicate id')
            coop_ids.add(cid)
            if not isinstance(cid, str) or not SLUG.match(cid):
                problem(where, 'id is not a slug')
            if lid not in list_ids:
                problem(where, f'list {lid!r} is not declared in region.yaml')
            if not isinstance(num, int):
                problem(where, f'number {num!r} is not an integer')
            else:
                numbers.setdefault(lid, []).append(num)
                if cid != f'{lid}-{num}':
                    problem(where, f'id should be {lid}-{num}')
            if not isinstance(c.get('slide'), int):
                problem(where, 'slide must be an integer')
            for k in ('title', 'title_source'):
                check_str(where, c.get(k), k)
            # fuzzy dates, org_unit: strings, so that YAML does not turn "1961" into a number
            for k in ('start_source', 'start', 'end'):
                if k in c:
                    check_str(where, c[k], k)
            has_partner_cols = lid in LISTS_WITH_PARTNER_COLUMNS
            if has_partner_cols:
                for k in ('partners_source', 'performer_source', 'legal_form_source'):
                    if k not in c:
                        problem(where, f'missing {k!r} (this list has that column)')
                    else:
                        check_str(where, c[k], k, allow_empty=(k == 'legal_form_source'))
                if 'org_unit' in c:
                    problem(where, 'org_unit is only for lists with an Org. column')
            else:
                if 'org_unit' not in c:
                    problem(where, "missing 'org_unit'")
                else:
                    check_str(where, c['org_unit'], 'org_unit')
                for k in ('partners_source', 'performer_source', 'legal_form_source'):
                    if k in c:
                        problem(where, f'{k} given, but this list has no such column')

            lf = c.get('legal_form')
            if lf not in legal_ids:
                problem(where, f'legal_form {lf!r} not in taxonomies/legal-forms.yaml')
            elif isinstance(c.get('legal_form_source'), str):
                src = fold(c['legal_form_source'])
                if src == '' and lf != 'unknown':
                    problem(where, 'empty legal_form_source but legal_form is not unknown')
                elif src and not any(s and s in src for s in spellings.get(lf, [])):
                    problem(where, f'legal_form {lf!r} does not match legal_form_source {c["legal_form_source"]!r}')
            tps = c.get('topics')
            if not isinstance(tps, list) or not tps:
                problem(where, 'topics must be a non-empty list')
            else:
                for t in tps:
                    if t not in topic_ids:
                        problem(where, f'topic {t!r} not in taxonomies/topics.yaml')
                if len(set(tps)) != len(tps):
                    problem(where, 'duplicate topic')
            if c.get('status') not in STATUSES:
                problem(where, f'status {c.get("status")!r} unknown')

            perf = c.get('performer')
            if check_keys(f'{where}: performer', perf, {'kind', 'body', 'note'}, {'kind'}):
                if perf.get('kind') not in PERFORMER_KINDS:
                    problem(where, f'performer kind {perf.get("kind")!r} unknown')
                if perf.get('kind') == 'body':
                    if perf.get('body') not in all_bodies:
                        problem(where, f'performer body {perf.get("body")!r} is not a body')
                elif perf.get('body') is not None:
                    problem(where, 'performer body given although kind is not body')

            derived = c.get('derived')
            if not isinstance(derived, list):
                problem(where, 'derived must be a list')
            else:
                for d in derived:
                    if d not in DERIVABLE:
                        problem(where, f'derived {d!r} is not a derivable field')
                    elif d not in c:
                        problem(where, f'derived {d!r} names a field the record does not have')
                if len(set(derived)) != len(derived):
                    problem(where, 'duplicate entry in derived')

            seen = set()
            parts = c.get('participants')
            if not isinstance(parts, list):
                problem(where, 'participants must be a list')
                parts = []
            for p in parts:
                if not check_keys(f'{where}: participant', p, PARTICIPANT_KEYS, {'body', 'role'}):
                    continue
                if p['body'] not in all_bodies:
                    problem(where, f'participant {p["body"]!r} is not a body')
                if p['body'] in seen:
                    problem(where, f'participant {p["body"]!r} twice')
                seen.add(p['body'])
                if p.get('role') not in ROLES:
                    problem(where, f'participant {p["body"]}: role {p.get("role")!r} unknown')
                for k in ('joined', 'left'):
                    if k in p:
                        check_str(f'{where}: participant {p["body"]}', p[k], k)
            if not parts and not c.get('partner_groups'):
                problem(where, 'neither participants nor partner_groups')
            if perf and perf.get('kind') == 'body' and perf.get('body') not in seen:
                problem(where, f'performer {perf.get("body")!r} is not among the participants')
            for g in c.get('partner_groups') or []:
                if check_keys(f'{where}: partner_group', g, GROUP_KEYS, {'label'}):
                    check_str(where, g['label'], 'partner_group label')
                    if 'count' in g and not (isinstance(g['count'], int) and g['count'] >= 0):
                        problem(where, f'partner_group count {g["count"]!r} is not a non-negative integer')
            for e in c.get('events') or []:
                if check_keys(f'{where}: event', e, EVENT_KEYS, {'kind'}):
                    if e['kind'] not in EVENT_KINDS:
                        problem(where, f'event kind {e["kind"]!r} unknown')
                    if 'date' in e:
                        check_str(where, e['date'], 'event date')

        for lid, nums in numbers.items():
            expected = EXPECTED_ROWS.get(rname, {}).get(lid)
            n = expected or max(nums)
            if sorted(nums) != list(range(1, n + 1)):
                missing = sorted(set(range(1, n + 1)) - set(nums))
                dupes = sorted({x for x in nums if nums.count(x) > 1})
                extra = sorted(x for x in set(nums) if x > n or x < 1)
                problem(f'{rname} list {lid}', f'numbers not 1..{n} exactly once (missing {missing}, twice {dupes}, extra {extra})')
        for lid, expected in EXPECTED_ROWS.get(rname, {}).items():
            if lid not in numbers:
                problem(f'{rname} list {lid}', f'no rows (expected {expected})')

        if args.seed:
            tables = seed_tables(args.seed)
            for fname, c in coops:
                if not isinstance(c, dict):
                    continue
                row = tables.get(c.get('list'), {}).get(c.get('number'))
                where = f'{rname}/{fname}: {c.get("id")}'
                if row is None:
                    problem(where, 'no such row in the seed tables')
                    continue
                cells = row['cells']
                if c.get('list') == 'kreis':
                    expect = {'org_unit': cells[1], 'title_source': cells[2], 'start_source': cells[3]}
                else:
                    expect = {'title_source': cells[1], 'partners_source': cells[2], 'performer_source': cells[3],
                              'legal_form_source': cells[4], 'start_source': cells[5]}
                for k, v in expect.items():
                    if c.get(k) != v:
                        problem(where, f'{k} {c.get(k)!r} differs from the source cell {v!r}')
                if c.get('slide') != row['slide']:
                    problem(where, f'slide {c.get("slide")} but the source says Folie {row["slide"]}')

    for p in problems:
        print(p)
    n_coops = sum(len(c) for *_, c in region_data)
    print(f'{len(region_data)} region(s), {len(all_bodies)} bodies, {n_coops} cooperations: '
          f'{"OK" if not problems else f"{len(problems)} problem(s)"}')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
