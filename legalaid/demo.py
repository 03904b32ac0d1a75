"""Demo organisation network for 淮南市: centres, workstations, providers, handlers, one user per role."""

import random
from datetime import date

from django.contrib.auth.models import Group
from django.db import transaction

from .models import HandlerProfile, MatterCategory, Organisation, User, UserProfile
from .roles import Role, group_name
from .seed_data import seed_demo_divisions
from .validators import CREDIT_CODE_CHARS, CREDIT_CODE_WEIGHTS
from .vocabulary import HandlerType

DEMO_PASSWORD = "demo2026"

Kind = Organisation.Kind

# (username, full name, role, organisation name): one login per role, plus an outsider.
DEMO_LOGINS = [
    ("director", "王教龙", Role.CENTRE_DIRECTOR, "寿县法律援助中心"),
    ("staff", "陈旭", Role.CENTRE_STAFF, "寿县法律援助中心"),
    ("supervisor", "李静", Role.SUPERVISOR, "寿县法律援助中心"),
    ("clerk", "张敏", Role.WORKSTATION_CLERK, "寿春镇法律援助工作站"),
    ("lawyer", "刘洋", Role.HANDLER, "安徽寿州律师事务所"),
    ("admin", "赵强", Role.ADMINISTRATOR, "淮南市法律援助中心"),
    ("staff_fengtai", "孙丽", Role.CENTRE_STAFF, "凤台县法律援助中心"),
    ("clerk_anfeng", "周芳", Role.WORKSTATION_CLERK, "安丰塘镇法律援助工作站"),
    ("bureau", "吴振华", Role.JUSTICE_BUREAU, "淮南市司法局"),
    ("firm_manager", "钱正", Role.PROVIDER_MANAGER, "安徽寿州律师事务所"),
    ("liaison", "郑红", Role.LIAISON_STAFF, "寿春镇中心村法律援助联络点"),
]

COUNTIES = [("寿县", "340422", "0554"), ("凤台县", "340421", "0554"), ("大通区", "340402", "0554")]
TOWNSHIPS = {
    "寿县": ["寿春镇", "安丰塘镇", "正阳关镇", "众兴镇", "堰口镇"],
    "凤台县": ["城关镇", "毛集镇", "朱马店镇"],
    "大通区": ["洛河镇", "上窑镇"],
}
LAW_FIRMS = [
    ("安徽寿州律师事务所", "寿县"),
    ("安徽楚都律师事务所", "寿县"),
    ("安徽州来律师事务所", "凤台县"),
    ("安徽淮舜律师事务所", "大通区"),
    ("安徽淮河律师事务所", None),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "强",
    "磊",
    "洋",
    "艳",
    "勇",
    "军",
    "杰",
    "涛",
    "明",
    "超",
    "霞",
    "平",
    "刚",
    "桂英",
    "喆",
]


def credit_code(seed: int) -> str:
    body = f"31{340400 + seed % 100:06d}MA{seed:07d}"[:17]
    body = body.replace("I", "J").replace("O", "P")
    total = sum(CREDIT_CODE_CHARS.index(c) * w for c, w in zip(body, CREDIT_CODE_WEIGHTS, strict=True))
    return body + CREDIT_CODE_CHARS[(31 - total % 31) % 31]


def org(name: str, kind: str, parent: Organisation | None, division_code: str, **extra) -> Organisation:
    organisation, _ = Organisation.objects.get_or_create(
        name=name,
        defaults={"kind": kind, "parent": parent, "division_code": division_code, **extra},
    )
    return organisation


def person(username: str, full_name: str, role: str, organisation: Organisation, phone: str, title: str = "") -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"last_name": full_name[0], "first_name": full_name[1:]}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.is_staff = role == Role.ADMINISTRATOR
        user.save()
    UserProfile.objects.update_or_create(
        user=user, defaults={"organisation": organisation, "role": role, "phone": phone, "title": title}
    )
    user.groups.set([Group.objects.get(name=group_name(role))])
    return user


def build_network() -> dict[str, Organisation]:
    bureau = org(
        "淮南市司法局", Kind.JUSTICE_BUREAU, None, "340400", phone="0554-6648100", address="淮南市田家庵区洞山中路"
    )
    city = org(
        "淮南市法律援助中心",
        Kind.CITY_CENTRE,
        bureau,
        "340400",
        short_name="淮南市中心",
        phone="0554-6648148",
        address="淮南市田家庵区公共法律服务中心一楼",
        opening_hours="周一至周五 8:30-12:00,14:30-17:30",
        credit_code=credit_code(1),
    )
    by_name = {city.name: city, bureau.name: bureau}
    for index, (county, code, area) in enumerate(COUNTIES, start=2):
        centre = org(
            f"{county}法律援助中心",
            Kind.COUNTY_CENTRE,
            city,
            code,
            short_name=f"{county}中心",
            phone=f"{area}-{4020000 + index * 148}",
            address=f"{county}公共法律服务中心",
            opening_hours="周一至周五 8:30-12:00,14:30-17:30",
            credit_code=credit_code(index),
        )
        by_name[centre.name] = centre
        for township in TOWNSHIPS[county]:
            station = org(
                f"{township}法律援助工作站",
                Kind.TOWNSHIP_WORKSTATION,
                centre,
                code,
                address=f"{county}{township}司法所",
                phone=f"{area}-{4100000 + len(by_name)}",
                opening_hours="周一至周五 8:30-17:00",
            )
            by_name[station.name] = station
            point = org(f"{township}中心村法律援助联络点", Kind.LIAISON_POINT, station, code)
            by_name[point.name] = point
        for label, kind in [
            ("人民法院", Kind.COURT_WORKSTATION),
            ("人民检察院", Kind.PROCURATORATE_WORKSTATION),
            ("看守所", Kind.DETENTION_WORKSTATION),
        ]:
            station = org(f"驻{county}{label}法律援助工作站", kind, centre, code)
            by_name[station.name] = station
        for partner in ["妇联", "总工会", "残联"]:
            office = org(f"{county}{partner}法律援助联络中心", Kind.PARTNER_OFFICE, centre, code)
            by_name[office.name] = office
    for index, (firm, county) in enumerate(LAW_FIRMS, start=10):
        parent = by_name[f"{county}法律援助中心"] if county else city
        by_name[firm] = org(firm, Kind.LAW_FIRM, parent, parent.division_code, credit_code=credit_code(index))
    for office, county in [("寿春法律服务所", "寿县"), ("凤凰法律服务所", "凤台县")]:
        parent = by_name[f"{county}法律援助中心"]
        by_name[office] = org(office, Kind.LEGAL_SERVICE_OFFICE, parent, parent.division_code)
    by_name["淮南市正信司法鉴定所"] = org("淮南市正信司法鉴定所", Kind.FORENSIC_INSTITUTE, city, "340400")
    by_name["淮南市公证处"] = org("淮南市公证处", Kind.NOTARY_OFFICE, city, "340400")
    return by_name


def build_handlers(by_name: dict[str, Organisation], rng: random.Random) -> None:
    matters = list(MatterCategory.objects.all())
    by_code = {m.code: m for m in matters}
    providers = [o for o in by_name.values() if o.kind in (Kind.LAW_FIRM, Kind.LEGAL_SERVICE_OFFICE)]
    for index in range(20):
        username = "lawyer" if index == 0 else f"handler{index:02d}"
        organisation = by_name["安徽寿州律师事务所"] if index == 0 else providers[index % len(providers)]
        if organisation.kind == Kind.LEGAL_SERVICE_OFFICE:
            handler_type = HandlerType.LEGAL_SERVICE_WORKER
        elif index % 7 == 6:
            handler_type = HandlerType.CENTRE_LAWYER
        else:
            handler_type = HandlerType.PRACTISING_LAWYER
        full_name = "刘洋" if index == 0 else SURNAMES[index] + GIVEN[(index * 7) % len(GIVEN)]
        user = person(username, full_name, Role.HANDLER, organisation, f"139{55400000 + index * 137:08d}", "律师")
        start_year = 2026 - (1 + (index * 3) % 18)
        specialties = [by_code["criminal_defence"]] if index % 3 == 0 else []
        specialties += rng.sample([m for m in matters if m.code != "criminal_defence"], 2)
        handler, _ = HandlerProfile.objects.update_or_create(
            user=user,
            defaults={
                "handler_type": handler_type,
                "licence_number": f"1340420{start_year}{10000 + index:05d}",
                "practice_start_date": date(start_year, 1 + index % 12, 1),
                "criminal_defence_years": (2026 - start_year) if index % 3 == 0 else index % 3,
                "trained_for_minors": index % 4 == 0,
                "status": HandlerProfile.Status.ON_LEAVE if index == 19 else HandlerProfile.Status.ACTIVE,
            },
        )
        handler.specialties.set(specialties)


@transaction.atomic
def seed_demo(stdout=None) -> None:
    rng = random.Random(2026)
    seed_demo_divisions()
    by_name = build_network()
    for username, full_name, role, organisation_name in DEMO_LOGINS:
        if role != Role.HANDLER:
            phone = f"0554-{4030000 + len(username) * 11}"
            person(username, full_name, role, by_name[organisation_name], phone, role.label)
    build_handlers(by_name, rng)
    if stdout:
        stdout.write(f"  机构 {Organisation.objects.count()} 个，用户 {User.objects.count()} 个")
