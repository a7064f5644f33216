"""The governance diagram of one county as a self-contained SVG org chart.

leading group → office → one working group per battle → convenors → member units.
The SVG is drawn here (no layout engine, no CDN); every piece of text is escaped. The
page embeds it with a little inline script for zoom and drag, and offers it for download.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

COLOURS = {
    "leading_group": ("#3b4252", "#ffffff"),
    "office": ("#5e81ac", "#ffffff"),
    "group": ("#d08770", "#ffffff"),
    "convenor": ("#ebcb8b", "#2e3440"),
    "member": ("#eceff4", "#2e3440"),
    "group_office": ("#a3be8c", "#2e3440"),
}


@dataclass(frozen=True)
class Style:
    """Sizes of the drawing: the screen style, or large type for projecting."""

    font: int = 12
    line_h: int = 16
    col_w: int = 200
    gap: int = 16
    margin: int = 24
    per_row: int = 0  # working groups per row (0: all in one row)

    @property
    def chars(self) -> float:
        """CJK characters per line in a column box."""
        return (self.col_w - 14) / self.font


SCREEN = Style()
PRESENT = Style(font=22, line_h=29, col_w=340, gap=28, margin=32, per_row=3)


@dataclass
class Group:
    """One working group as drawn."""

    battle: str
    battle_label: str
    name: str
    convenor: str
    deputies: list[tuple[str, str]]  # (role label, holder as written), each role per group
    office: str
    members: list[tuple[str, str]]  # (canonical, tooltip)


@dataclass
class Structure:
    """What the diagram shows for one county."""

    county: str
    leading_group: str
    heads: list[tuple[str, str, str]]  # (name, role, post)
    office: str | None
    groups: list[Group] = field(default_factory=list)


def _width(text: str) -> float:
    """The width of a text in ems (CJK 1, Latin about 0.58, capitals and digits 0.66)."""
    return sum(
        1.0 if not ch.isascii() else 0.66 if ch.isupper() or ch.isdigit() else 0.56 for ch in text
    )


def _wrap(text: str, width: float) -> list[str]:
    """Lines of at most ``width`` ems; Latin text breaks between words where it can."""
    lines: list[str] = []
    line = ""
    for token in re_tokens(text):
        if token == " " and not line:
            continue
        if _width(line + token) > width and line.strip():
            lines.append(line.rstrip())
            line = ""
            if token == " ":
                continue
        while _width(token) > width:  # a word longer than the line: cut it
            cut = 1
            while cut < len(token) and _width(token[: cut + 1]) <= width:
                cut += 1
            lines.append(token[:cut])
            token = token[cut:]
        line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


def re_tokens(text: str) -> list[str]:
    """Latin words, single spaces and single CJK characters, in order."""
    import re

    return re.findall(r"[A-Za-z0-9'’&/().,:;!?\-]+|\s|.", text)


def _sep(label: str) -> str:
    return ": " if label.isascii() else "："


def _box(
    x: float,
    y: float,
    w: float,
    lines: list[str],
    kind: str,
    tip: str,
    style: Style,
    bold_first: bool = False,
    battle: str | None = None,
) -> tuple[str, float]:
    fill, ink = COLOURS[kind]
    h = len(lines) * style.line_h + 10
    stroke = "#4c566a" if kind in ("member", "group_office") else fill
    attr = f' data-battle="{html.escape(battle, quote=True)}"' if battle else ""
    parts = [
        f'<g class="node {kind}"{attr}>',
        f"<title>{html.escape(tip)}</title>",
        f'<rect x="{x:.0f}" y="{y:.0f}" width="{w:.0f}" height="{h:.0f}" rx="6" '
        f'fill="{fill}" stroke="{stroke}" stroke-width="1"/>',
    ]
    for i, line in enumerate(lines):
        weight = ' font-weight="bold"' if bold_first and i == 0 else ""
        parts.append(
            f'<text x="{x + w / 2:.0f}" '
            f'y="{y + 5 + style.line_h * (i + 1) - style.line_h / 4:.0f}" '
            f'text-anchor="middle" font-size="{style.font}" fill="{ink}"{weight}>'
            f"{html.escape(line)}</text>"
        )
    parts.append("</g>")
    return "".join(parts), h


def _path(*points: tuple[float, float], width: float = 1.2) -> str:
    d = " ".join(f"{'M' if i == 0 else 'L'}{x:.0f},{y:.0f}" for i, (x, y) in enumerate(points))
    return f'<path d="{d}" fill="none" stroke="#8a93a6" stroke-width="{width}"/>'


def _column(
    g: Group, x: float, top: float, labels: dict[str, str], st: Style
) -> tuple[list[str], float, float]:
    """One working group's column: its box, convenors, office and members.

    Returns the SVG parts, the height of the group box and the bottom of the column.
    """
    body: list[str] = []
    w = st.col_w
    lines = [*_wrap(g.battle_label, st.chars), *_wrap(g.name, st.chars)]
    box, gh = _box(x, top, w, lines, "group", g.name, st, bold_first=True, battle=g.battle)
    body.append(box)
    y = top + gh + 24
    cv = labels["convenor"]
    cv_lines = _wrap(f"{cv}{_sep(cv)}{g.convenor or '—'}", st.chars)
    tips = [f"{cv}{_sep(cv)}{g.convenor}"]
    for role, holder in g.deputies:
        cv_lines += _wrap(f"{role}{_sep(role)}{holder}", st.chars)
        tips.append(f"{role}{_sep(role)}{holder}")
    body.append(_path((x + w / 2, top + gh), (x + w / 2, y)))
    box, h = _box(x, y, w, cv_lines, "convenor", "\n".join(tips), st, battle=g.battle)
    body.append(box)
    y += h
    if g.office:  # drawn for every group that has one, member unit or not
        label = labels["group_office"]
        text = f"{label}{_sep(label)}{g.office}"
        body.append(_path((x + w / 2, y), (x + w / 2, y + 12)))
        box, h = _box(
            x, y + 12, w, _wrap(text, st.chars), "group_office", text, st, battle=g.battle
        )
        body.append(box)
        y += 12 + h
    y += 14
    spine_top = y - 14
    spine_x = x + 10
    last_mid = spine_top
    for name, member_tip in g.members:
        kind = "group_office" if name == g.office else "member"
        box, h = _box(x + 20, y, w - 20, _wrap(name, st.chars - 1.5), kind, member_tip, st)
        body.append(box)
        mid = y + h / 2
        body.append(_path((spine_x, mid), (x + 20, mid), width=1))
        last_mid = mid
        y += h + 6
    if g.members:
        body.append(_path((spine_x, spine_top), (spine_x, last_mid), width=1))
    return body, gh, y


def svg(s: Structure, labels: dict[str, str], style: Style = SCREEN) -> str:
    """The SVG of one county's structure.

    ``labels`` gives the words of the interface: ``leading_group``, ``office``, ``convenor``,
    ``group_office`` (the office of a working group), ``no_lg``, ``legend`` and the legend
    entries ``lg``, ``of``, ``wg``, ``cv``, ``mb``, ``go``. ``style`` sets the sizes;
    :data:`PRESENT` draws large type with the working groups in rows of three.
    """
    st = style
    per_row = st.per_row or max(len(s.groups), 1)
    ncol = min(max(len(s.groups), 1), per_row)
    width = st.margin * 2 + ncol * st.col_w + (ncol - 1) * st.gap
    body: list[str] = []
    centre = width / 2

    # legend (its own rows when it is wider than the drawing)
    legend: list[str] = []
    ly = st.margin
    title = labels["legend"]
    legend.append(
        f'<text x="{st.margin}" y="{ly + st.font / 3:.0f}" font-size="{st.font}" '
        f'font-weight="bold" fill="#2e3440">{html.escape(title)}</text>'
    )
    start_x = st.margin + _width(title) * st.font + 16
    lx = start_x
    for kind, key in (
        ("leading_group", "lg"),
        ("office", "of"),
        ("group", "wg"),
        ("convenor", "cv"),
        ("member", "mb"),
        ("group_office", "go"),
    ):
        entry = 26 + _width(labels[key]) * st.font
        if lx + entry > width - st.margin and lx > start_x:
            lx = start_x
            ly += st.line_h + 4
        fill, _ = COLOURS[kind]
        sq = st.font + 2
        legend.append(
            f'<rect x="{lx:.0f}" y="{ly - sq / 2:.0f}" width="{sq}" height="{sq}" rx="3" '
            f'fill="{fill}" stroke="#4c566a" stroke-width="0.6"/>'
        )
        legend.append(
            f'<text x="{lx + sq + 5:.0f}" y="{ly + st.font / 3:.0f}" font-size="{st.font}" '
            f'fill="#2e3440">{html.escape(labels[key])}</text>'
        )
        lx += entry + 10

    # leading group
    heads = [f"{role} {name}" for name, role, _ in s.heads[:3]]
    if len(s.heads) > 3:
        heads.append(f"… +{len(s.heads) - 3}")
    lg_w = min(width - 2 * st.margin, max(st.col_w * 1.6, 320))
    lg_chars = (lg_w - 14) / st.font
    lg_lines = [
        *_wrap(s.leading_group, lg_chars),
        *(line for head in (heads or [labels["no_lg"]]) for line in _wrap(head, lg_chars)),
    ]
    tip = "\n".join([s.leading_group, *(f"{r} {n} {p}" for n, r, p in s.heads)])
    y = ly + st.line_h + 18
    box, h = _box(centre - lg_w / 2, y, lg_w, lg_lines, "leading_group", tip, st, bold_first=True)
    body.append(box)
    bottom = y + h
    # office of the leading group
    if s.office:
        y = bottom + 30
        label = labels["office"]
        text = f"{label}{_sep(label)}{s.office}"
        of_w = min(lg_w, max(220, (_width(text) + 1) * st.font + 14))
        box, h = _box(
            centre - of_w / 2, y, of_w, _wrap(text, (of_w - 14) / st.font), "office", text, st
        )
        body.append(_path((centre, bottom), (centre, y)))
        body.append(box)
        bottom = y + h
    # working groups, in rows; a bus under the office feeds each row
    top = bottom + 40
    rows = [s.groups[i : i + per_row] for i in range(0, len(s.groups), per_row)]
    trunk_x = st.margin / 2
    col_bottom = top
    prev_bus = top - 20
    for r, row in enumerate(rows):
        bus_y = top - 20
        xs = [st.margin + i * (st.col_w + st.gap) + st.col_w / 2 for i in range(len(row))]
        if r == 0:
            body.append(_path((centre, bottom), (centre, bus_y)))
            left = min([*xs, centre] + ([trunk_x] if len(rows) > 1 else []))
        else:
            body.append(_path((trunk_x, prev_bus), (trunk_x, bus_y)))
            left = trunk_x
        body.append(_path((left, bus_y), (max([*xs, centre if r == 0 else 0]), bus_y)))
        prev_bus = bus_y
        bottoms = []
        for i, g in enumerate(row):
            x = st.margin + i * (st.col_w + st.gap)
            body.append(_path((x + st.col_w / 2, bus_y), (x + st.col_w / 2, top)))
            parts, _, col_end = _column(g, x, top, labels, st)
            body.extend(parts)
            bottoms.append(col_end)
        col_bottom = max(bottoms)
        top = col_bottom + 60
    height = max(bottom + 40, col_bottom) + st.margin
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="Noto Sans CJK SC, Noto Sans SC, '
        f'Microsoft YaHei, PingFang SC, sans-serif">'
        f'<rect width="100%" height="100%" fill="#ffffff"/>'
        + "".join(legend)
        + "".join(body)
        + "</svg>"
    )


def viewer_html(
    svg_text: str, height: int, png_label: str, file_stem: str, big: bool = False
) -> str:
    """An HTML page that shows the SVG with wheel zoom, drag to pan and a PNG export.

    ``big`` (presentation mode) draws larger buttons.
    """
    stem = html.escape(file_stem, quote=True)
    button_font, bar = (20, 46) if big else (13, 34)
    return f"""<!doctype html><html><head><meta charset="utf-8"><style>
body{{margin:0;font-family:sans-serif}}
#wrap{{width:100%;height:{height - bar - 6}px;overflow:hidden;border:1px solid #d8dee9;
cursor:grab;background:#fff}}
#wrap:active{{cursor:grabbing}}
.node:hover rect{{stroke:#bf616a;stroke-width:2.5}}
#bar{{height:{bar}px;display:flex;gap:8px;align-items:center}}
button{{font-size:{button_font}px;padding:4px 10px;border:1px solid #c0c6d2;border-radius:6px;
background:#f4f6fa;cursor:pointer}}
</style></head><body>
<div id="bar"><button id="zin">＋</button><button id="zout">－</button>
<button id="fit">⤢</button><button id="png">{html.escape(png_label)}</button></div>
<div id="wrap">{svg_text}</div>
<script>
(function(){{
  const wrap=document.getElementById('wrap');
  const svg=wrap.querySelector('svg');
  const W=svg.viewBox.baseVal.width, H=svg.viewBox.baseVal.height;
  svg.setAttribute('width','100%'); svg.setAttribute('height','100%');
  svg.setAttribute('preserveAspectRatio','xMidYMin meet');
  let vb={{x:0,y:0,w:W,h:H}};
  function apply(){{svg.setAttribute('viewBox',vb.x+' '+vb.y+' '+vb.w+' '+vb.h);}}
  function zoom(f,cx,cy){{
    const r=wrap.getBoundingClientRect();
    const px=vb.x+(cx===undefined?0.5:cx/r.width)*vb.w;
    const py=vb.y+(cy===undefined?0.5:cy/r.height)*vb.h;
    vb.w*=f; vb.h*=f; vb.x=px-(px-vb.x)*f; vb.y=py-(py-vb.y)*f; apply();
  }}
  wrap.addEventListener('wheel',e=>{{e.preventDefault();const r=wrap.getBoundingClientRect();
    zoom(e.deltaY>0?1.15:1/1.15,e.clientX-r.left,e.clientY-r.top);}},{{passive:false}});
  let drag=null;
  wrap.addEventListener('mousedown',e=>{{drag={{x:e.clientX,y:e.clientY,vx:vb.x,vy:vb.y}};}});
  window.addEventListener('mouseup',()=>{{drag=null;}});
  window.addEventListener('mousemove',e=>{{if(!drag)return;const r=wrap.getBoundingClientRect();
    const s=Math.max(vb.w/r.width,vb.h/r.height);
    vb.x=drag.vx-(e.clientX-drag.x)*s; vb.y=drag.vy-(e.clientY-drag.y)*s; apply();}});
  document.getElementById('zin').onclick=()=>zoom(1/1.3);
  document.getElementById('zout').onclick=()=>zoom(1.3);
  document.getElementById('fit').onclick=()=>{{vb={{x:0,y:0,w:W,h:H}};apply();}};
  document.getElementById('png').onclick=()=>{{
    const clone=svg.cloneNode(true);
    clone.setAttribute('viewBox','0 0 '+W+' '+H); clone.setAttribute('width',W*2);
    clone.setAttribute('height',H*2);
    const data=new XMLSerializer().serializeToString(clone);
    const img=new Image();
    img.onload=()=>{{const c=document.createElement('canvas');c.width=W*2;c.height=H*2;
      const g=c.getContext('2d');g.fillStyle='#fff';g.fillRect(0,0,c.width,c.height);
      g.drawImage(img,0,0);const a=document.createElement('a');a.download='{stem}.png';
      a.href=c.toDataURL('image/png');document.body.appendChild(a);a.click();a.remove();}};
    img.src='data:image/svg+xml;charset=utf-8,'+encodeURIComponent(data);
  }};
  apply();
}})();
</script></body></html>"""
