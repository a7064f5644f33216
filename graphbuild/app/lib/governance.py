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

COL_W = 200
GAP = 16
MARGIN = 24
LINE_H = 16
FONT = 12
CHARS = 13  # CJK characters per line in a column box


@dataclass
class Group:
    """One working group as drawn."""

    battle: str
    battle_label: str
    name: str
    convenor: str
    deputies: list[str]
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


def _wrap(text: str, width: int = CHARS) -> list[str]:
    lines, line, size = [], "", 0.0
    for ch in text:
        w = 0.55 if ch.isascii() else 1.0
        if size + w > width and line:
            lines.append(line)
            line, size = "", 0.0
        line += ch
        size += w
    if line:
        lines.append(line)
    return lines or [""]


def _box(
    x: float,
    y: float,
    w: float,
    lines: list[str],
    kind: str,
    tip: str,
    bold_first: bool = False,
    href: str | None = None,
) -> tuple[str, float]:
    fill, ink = COLOURS[kind]
    h = len(lines) * LINE_H + 10
    stroke = "#4c566a" if kind in ("member", "group_office") else fill
    parts = [
        f'<g class="node {kind}">',
        f"<title>{html.escape(tip)}</title>",
        f'<rect x="{x:.0f}" y="{y:.0f}" width="{w:.0f}" height="{h:.0f}" rx="6" '
        f'fill="{fill}" stroke="{stroke}" stroke-width="1"/>',
    ]
    for i, line in enumerate(lines):
        weight = ' font-weight="bold"' if bold_first and i == 0 else ""
        parts.append(
            f'<text x="{x + w / 2:.0f}" y="{y + 5 + LINE_H * (i + 1) - 4:.0f}" '
            f'text-anchor="middle" font-size="{FONT}" fill="{ink}"{weight}>'
            f"{html.escape(line)}</text>"
        )
    parts.append("</g>")
    return "".join(parts), h


def _line(x1: float, y1: float, x2: float, y2: float) -> str:
    return (
        f'<path d="M{x1:.0f},{y1:.0f} L{x1:.0f},{(y1 + y2) / 2:.0f} '
        f'L{x2:.0f},{(y1 + y2) / 2:.0f} L{x2:.0f},{y2:.0f}" fill="none" '
        f'stroke="#8a93a6" stroke-width="1.2"/>'
    )


def svg(s: Structure, labels: dict[str, str]) -> str:
    """The SVG of one county's structure.

    ``labels`` gives the words of the interface: ``leading_group``, ``office``, ``convenor``,
    ``deputies``, ``no_lg``, ``legend`` and the legend entries ``lg``, ``of``, ``wg``,
    ``cv``, ``mb``, ``go``.
    """
    ncol = max(len(s.groups), 1)
    width = MARGIN * 2 + ncol * COL_W + (ncol - 1) * GAP
    body: list[str] = []
    centre = width / 2

    # leading group
    heads = [f"{role} {name}" for name, role, _ in s.heads[:3]]
    if len(s.heads) > 3:
        heads.append(f"… +{len(s.heads) - 3}")
    lg_lines = [*_wrap(s.leading_group, 24), *(heads or [labels["no_lg"]])]
    tip = "\n".join([s.leading_group, *(f"{r} {n} {p}" for n, r, p in s.heads)])
    lg_w = 320
    y = MARGIN + 34
    box, h = _box(centre - lg_w / 2, y, lg_w, lg_lines, "leading_group", tip, bold_first=True)
    body.append(box)
    bottom = y + h
    # office
    if s.office:
        y = bottom + 30
        box, h = _box(
            centre - 110,
            y,
            220,
            [f"{labels['office']}：{s.office}"],
            "office",
            f"{labels['office']}：{s.office}",
        )
        body.append(_line(centre, bottom, centre, y))
        body.append(box)
        bottom = y + h
    # working groups
    top_groups = bottom + 40
    col_bottoms = []
    group_heights = []
    for i, g in enumerate(s.groups):
        x = MARGIN + i * (COL_W + GAP)
        lines = [g.battle_label, *_wrap(g.name)]
        box, h = _box(x, top_groups, COL_W, lines, "group", g.name, bold_first=True)
        body.append(_line(centre, bottom, x + COL_W / 2, top_groups))
        body.append(box)
        group_heights.append(h)
    gh = max(group_heights, default=0)
    for i, g in enumerate(s.groups):
        x = MARGIN + i * (COL_W + GAP)
        y = top_groups + gh + 24
        cv_lines = _wrap(f"{labels['convenor']}：{g.convenor or '—'}")
        for d in g.deputies:
            cv_lines += _wrap(f"{labels['deputies']}：{d}")
        tip = "\n".join(
            [
                f"{labels['convenor']}：{g.convenor}",
                *(f"{labels['deputies']}：{d}" for d in g.deputies),
            ]
        )
        body.append(_line(x + COL_W / 2, top_groups + group_heights[i], x + COL_W / 2, y))
        box, h = _box(x, y, COL_W, cv_lines, "convenor", tip)
        body.append(box)
        y += h + 14
        spine_top = y - 14
        spine_x = x + 10
        last_mid = spine_top
        for name, member_tip in g.members:
            kind = "group_office" if name == g.office else "member"
            lines = _wrap(name, CHARS - 1)
            box, h = _box(x + 20, y, COL_W - 20, lines, kind, member_tip)
            body.append(box)
            mid = y + h / 2
            body.append(
                f'<path d="M{spine_x:.0f},{mid:.0f} L{x + 20:.0f},{mid:.0f}" '
                f'stroke="#8a93a6" stroke-width="1"/>'
            )
            last_mid = mid
            y += h + 6
        if g.members:
            body.append(
                f'<path d="M{spine_x:.0f},{spine_top:.0f} L{spine_x:.0f},{last_mid:.0f}" '
                f'stroke="#8a93a6" stroke-width="1"/>'
            )
        col_bottoms.append(y)
    height = max([bottom + 40, *col_bottoms]) + MARGIN

    # legend
    legend = [
        f'<text x="{MARGIN}" y="{MARGIN + 4}" font-size="{FONT}" font-weight="bold" '
        f'fill="#2e3440">{html.escape(labels["legend"])}</text>'
    ]
    lx = MARGIN + 60
    for kind, key in (
        ("leading_group", "lg"),
        ("office", "of"),
        ("group", "wg"),
        ("convenor", "cv"),
        ("member", "mb"),
        ("group_office", "go"),
    ):
        fill, _ = COLOURS[kind]
        legend.append(
            f'<rect x="{lx}" y="{MARGIN - 7}" width="14" height="14" rx="3" '
            f'fill="{fill}" stroke="#4c566a" stroke-width="0.6"/>'
        )
        legend.append(
            f'<text x="{lx + 19}" y="{MARGIN + 4}" font-size="{FONT}" '
            f'fill="#2e3440">{html.escape(labels[key])}</text>'
        )
        lx += 26 + int(sum(0.55 if c.isascii() else 1.0 for c in labels[key]) * FONT)
    width = max(width, lx + MARGIN)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="Noto Sans CJK SC, Noto Sans SC, '
        f'Microsoft YaHei, PingFang SC, sans-serif">'
        f'<rect width="100%" height="100%" fill="#ffffff"/>'
        + "".join(legend)
        + "".join(body)
        + "</svg>"
    )


def viewer_html(svg_text: str, height: int, png_label: str, file_stem: str) -> str:
    """An HTML page that shows the SVG with wheel zoom, drag to pan and a PNG export."""
    stem = html.escape(file_stem, quote=True)
    return f"""<!doctype html><html><head><meta charset="utf-8"><style>
body{{margin:0;font-family:sans-serif}}
#wrap{{width:100%;height:{height - 40}px;overflow:hidden;border:1px solid #d8dee9;
cursor:grab;background:#fff}}
#wrap:active{{cursor:grabbing}}
.node:hover rect{{stroke:#bf616a;stroke-width:2.5}}
#bar{{height:34px;display:flex;gap:8px;align-items:center}}
button{{font-size:13px;padding:4px 10px;border:1px solid #c0c6d2;border-radius:6px;
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
