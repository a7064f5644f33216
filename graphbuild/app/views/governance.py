"""Governance structure: leading group → office → working groups → convenors → members."""

from __future__ import annotations

import re

import streamlit as st
from lib import data, ui
from lib.governance import PRESENT, SCREEN, Group, Structure, svg, viewer_html
from lib.i18n import (
    agency_gloss,
    battle_keys,
    battle_label,
    county_label,
    county_short,
    lang,
    post_label,
    t,
)

ix = data.index()
if ix is None:
    st.title(t("gv.title"))
    st.stop()

head = st.container()
c1, c2 = st.columns([3, 2], vertical_alignment="bottom")
county = ui.county_select(ix, key="gv_county", container=c1)
with c2:
    present = ui.bound_toggle(t("gv.present"), "gv_present", "present")
if present:  # large type for a projector: no sidebar, the chart across the whole page
    st.html(
        "<style>[data-testid='stSidebar'],[data-testid='stSidebarCollapsedControl']"
        "{display:none}[data-testid='stMainBlockContainer']{max-width:100%;"
        "padding:1rem 1.5rem}</style>"
    )
    head.markdown(f"# {t('gv.title')} · {county_label(county)}")
else:
    head.title(t("gv.title"))
    head.caption(t("gv.intro"))


@st.cache_data(show_spinner=False)
def structure(county: str, language: str, stamp: float, big: bool) -> tuple[str, int, int]:
    """The SVG of one county (cached per language), its group and member counts."""
    heads = [(p.name, p.role, p.post) for p in data.leading_group(ix, county)]
    lg_name = next((p.body for p in data.leading_group(ix, county)), "")
    if not lg_name:
        lg_name = t("gv.leading_group")
    groups = []
    members = set()
    for battle in battle_keys():
        w = ix.groups.get((county, battle))
        if w is None:
            continue
        tips = []
        for name in w.member_canonical:
            members.add(name)
            gloss = agency_gloss(county, name)
            tips.append((name, f"{name}\n{gloss}" if gloss and language == "en" else name))
        groups.append(
            Group(
                battle=battle,
                battle_label=battle_label(battle),
                name=w.name,
                convenor=w.convenor,
                deputies=[
                    (post_label(role), holder)
                    for role, holders in data.group_roles(w)
                    if role != "召集人"
                    for holder in holders
                ],
                office=w.office_canonical,
                members=tips,
            )
        )
    s = Structure(
        county=county,
        leading_group=lg_name,
        heads=heads,
        office=data.leading_group_office(ix, county),
        groups=groups,
    )
    labels = {
        "leading_group": t("gv.leading_group"),
        "office": t("gv.office"),
        "convenor": post_label("召集人"),
        "group_office": t("tk.office"),
        "no_lg": t("gv.no_lg"),
        "legend": t("gv.legend"),
        "lg": t("gv.leading_group"),
        "of": t("gv.office"),
        "wg": t("gv.group"),
        "cv": t("gv.convenor"),
        "mb": t("gv.member"),
        "go": t("gv.group_office"),
    }
    return svg(s, labels, PRESENT if big else SCREEN), len(groups), len(members)


image, n_groups, n_members = structure(county, lang(), data.model_stamp(data.build_dir()), present)
st.markdown(t("gv.counts", groups=n_groups, members=n_members))

stem = f"governance-{county_short(county)}"
svg_w, svg_h = (float(v) for v in re.findall(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', image)[0])
# the frame's height: the chart at the page's width (about 1000 px, 1400 when projecting)
page_w = 1400 if present else 1000
frame = int(min(2400 if present else 1400, max(500, svg_h * min(1.0, page_w / svg_w) + 60)))
page = viewer_html(image, frame, "PNG", stem, big=present)
if hasattr(st, "iframe"):
    st.iframe(page, height=frame)
else:  # Streamlit before st.iframe
    import streamlit.components.v1 as components

    components.html(page, height=frame)
st.download_button(
    t("gv.download_svg"),
    image.encode("utf-8"),
    file_name=f"{stem}.svg",
    mime="image/svg+xml",
    key="gv-svg",
)

if not present:
    for key in ("leading-group", "working-groups"):
        ui.catalog_answer(key, {"county": county})
