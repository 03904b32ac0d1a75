"""Demo data for intake: persons, consultations, ~40 applications of 寿县 and its workstations.

Built on legalaid.demo (its organisations and logins) through intake's own services, so every
record has its history rows. Idempotent: persons are keyed by ID number, applications and
consultations by a fixed submission token, so running it twice adds nothing.

Decisions (granted/refused) are left to the eligibility stage's own demo seeding, which calls
intake.services.application_record_decision on the applications waiting at the centre.
"""

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from legalaid.errors import DomainError
from legalaid.kernel import PUBLIC, SYSTEM
from legalaid.models import MatterCategory, Organisation, User
from legalaid.validators import id_check_char
from legalaid.vocabulary import CaseType

from . import selectors, services
from .models import Application, Channel, Consultation, HomeVisit, MaterialsNotice, Person

CENTRE = "寿县法律援助中心"
WORKSTATIONS = ["寿春镇法律援助工作站", "安丰塘镇法律援助工作站"]

# name, birth date, female, extra fields
PEOPLE = [
    ("张桂兰", date(1948, 3, 12), True, {"is_disabled": False}),
    ("李长山", date(1975, 6, 2), False, {"is_migrant_worker": True}),
    ("王秀英", date(1952, 11, 20), True, {"is_disabled": True, "disability_grade": 2}),
    ("刘建国", date(1969, 1, 8), False, {"is_migrant_worker": True}),
    ("陈小燕", date(1990, 9, 15), True, {}),
    ("杨德胜", date(1958, 4, 30), False, {"is_service_member": True}),
    ("黄丽娟", date(1985, 12, 1), True, {}),
    ("赵二虎", date(1981, 7, 19), False, {"is_migrant_worker": True}),
    ("吴玉梅", date(1944, 2, 14), True, {}),
    ("周大林", date(1978, 10, 10), False, {"is_disabled": True, "disability_grade": 1}),
    ("徐春花", date(1993, 5, 5), True, {"is_migrant_worker": True}),
    ("孙志强", date(1972, 8, 28), False, {}),
    ("马兰英", date(1964, 3, 3), True, {"ethnicity": "回族"}),
    ("朱国庆", date(1959, 10, 1), False, {"is_migrant_worker": True}),
    ("胡晓东", date(2009, 6, 18), False, {}),
    ("郭秀珍", date(1950, 1, 25), True, {}),
    ("何永福", date(1983, 11, 11), False, {"is_migrant_worker": True}),
    ("高翠萍", date(1987, 4, 9), True, {}),
    ("林宝华", date(1966, 12, 24), False, {"is_disabled": True, "disability_grade": 3}),
    ("罗小梅", date(2011, 2, 2), True, {}),
    ("宋天明", date(1979, 5, 21), False, {"is_migrant_worker": True}),
    ("郑淑芬", date(1955, 8, 16), True, {}),
    ("谢大勇", date(1990, 3, 27), False, {"is_migrant_worker": True}),
    ("韩梅", date(1996, 7, 7), True, {}),
    ("唐老四", date(1961, 9, 9), False, {}),
    ("冯玉兰", date(1947, 6, 6), True, {"is_disabled": True, "disability_grade": 2}),
    ("董建军", date(1984, 1, 30), False, {"is_service_member": True}),
    ("程小芳", date(1998, 10, 20), True, {"is_migrant_worker": True}),
    ("曹金山", date(1970, 4, 4), False, {}),
    ("袁凤英", date(1958, 12, 12), True, {}),
]

TOWNS = ["寿春镇", "安丰塘镇", "正阳关镇", "众兴镇", "堰口镇"]

# matter code, case type, service, facts, opposing party (name, kind, role)
MATTERS = [
    (
        "labour",
        CaseType.LABOUR_ARBITRATION,
        "arbitration",
        "申请人在合肥某建筑工地从事木工，2025年4月至12月的工资共计{amount}元至今未付，包工头多次推诿。",
        ("安徽某建筑劳务有限公司", "organisation", "被申请人"),
    ),
    (
        "injury_work",
        CaseType.LABOUR_ARBITRATION,
        "arbitration",
        "申请人在砖厂工作时右手被机器压伤，已住院治疗，单位未缴纳工伤保险，拒绝赔偿医疗费{amount}元。",
        ("寿县某新型建材厂", "organisation", "被申请人"),
    ),
    (
        "injury_traffic",
        CaseType.CIVIL,
        "litigation",
        "申请人骑电动车被小轿车撞伤，交警认定对方负主要责任，对方保险公司赔付不足，尚有医疗费、误工费约{amount}元未获赔偿。",
        ("马某", "person", "被告"),
    ),
    (
        "support",
        CaseType.CIVIL,
        "litigation",
        "申请人年老体弱无固定收入，三个子女均不履行赡养义务，经村委会调解无果，请求每月给付赡养费。",
        ("申请人长子", "person", "被告"),
    ),
    (
        "family",
        CaseType.CIVIL,
        "litigation",
        "申请人与丈夫结婚十余年，长期遭受家庭暴力，已报警两次，现请求离婚并分割共同财产、抚养子女。",
        ("申请人丈夫", "person", "被告"),
    ),
    (
        "abuse_victim",
        CaseType.CIVIL,
        "litigation",
        "申请人长期遭受家庭成员殴打、辱骂，派出所已出具告诫书，申请人身安全保护令并主张损害赔偿。",
        ("申请人丈夫", "person", "被申请人"),
    ),
    (
        "criminal_defence",
        CaseType.CRIMINAL,
        "criminal_defence",
        "申请人之子涉嫌盗窃罪被寿县公安局刑事拘留，现羁押于寿县看守所，家庭经济困难，无力委托辩护人。",
        None,
    ),
    (
        "land_rights",
        CaseType.CIVIL,
        "litigation",
        "申请人承包的三亩责任田被邻村村民强行占用耕种，村委会协调未果，请求确认承包经营权并返还土地。",
        ("邻村村民某", "person", "被告"),
    ),
    (
        "consumer_agri_inputs",
        CaseType.CIVIL,
        "litigation",
        "申请人从农资店购买的小麦种子出芽率不足三成，经农业部门鉴定为不合格种子，损失约{amount}元。",
        ("寿县某农资经营部", "organisation", "被告"),
    ),
    (
        "medical_dispute",
        CaseType.CIVIL,
        "litigation",
        "申请人在乡镇卫生院手术后出现严重并发症，医院拒绝承担责任，请求医疗损害赔偿约{amount}元。",
        ("寿县某镇卫生院", "organisation", "被告"),
    ),
]

# What each demo application goes through after filing, cycled over 40 applications.
PLANS = [
    "preliminary_review",
    "under_review",
    "received_online",
    "under_review",
    "awaiting_materials",
    "under_review",
    "preliminary_review",
    "urgent",
    "received_window",
    "under_review",
    "withdrawn",
    "deemed_withdrawn",
    "under_review",
    "supplied",
    "forwarded",
    "under_review",
    "representative",
    "preliminary_review",
    "received_online",
    "under_review",
]

QUESTIONS = [
    (
        "labour",
        "老板拖欠工资半年不给，应该去哪里讨要?",
        "可向劳动保障监察部门投诉，或申请劳动仲裁；农民工追索劳动报酬可申请法律援助，免予经济困难审查。",
    ),
    (
        "family",
        "丈夫经常打我，我想离婚，孩子怎么办?",
        "可报警并申请人身安全保护令；离婚诉讼中法院按最有利于子女的原则确定抚养，可申请法律援助。",
    ),
    (
        "support",
        "老人生病子女不管，能不能起诉?",
        "成年子女有赡养扶助父母的义务，可起诉请求给付赡养费；老年人无固定收入的可申请法律援助。",
    ),
    (
        "injury_traffic",
        "被车撞了，对方保险只赔一部分，剩下的怎么办?",
        "可就超出交强险部分向侵权人及商业险保险公司主张赔偿，注意保存票据和诊断证明。",
    ),
    (
        "land_rights",
        "村里调整土地把我家的地分给别人了，合法吗?",
        "承包期内发包方不得随意调整承包地，可先向乡镇政府申请调解，也可申请仲裁或起诉。",
    ),
    (
        "criminal_defence",
        "家里人被刑事拘留了，请不起律师怎么办?",
        "经济困难的可以申请法律援助指派律师辩护；未委托辩护人的，可以约见值班律师。",
    ),
    (
        "injury_work",
        "干活时受伤，公司没交工伤保险，能赔吗?",
        "未参加工伤保险的，由用人单位按工伤保险待遇项目和标准支付；应先申请工伤认定。",
    ),
    (
        "medical_dispute",
        "做完手术后出了问题，医院不认账怎么办?",
        "可申请医疗事故技术鉴定或司法鉴定，通过调解或诉讼解决；注意复印并封存病历。",
    ),
    (
        "consumer_agri_inputs",
        "买的种子不发芽，商店不赔钱。",
        "保存购货凭证和包装袋，请农业部门鉴定，可向经营者和生产者主张赔偿。",
    ),
]


def _id_number(birth: date, female: bool, serial: int) -> str:
    code = serial * 2 + (0 if female else 1)
    first17 = f"340422{birth:%Y%m%d}{code % 1000:03d}"
    return first17 + id_check_char(first17)


def _person(index: int, actor: User) -> Person:
    name, birth, female, extra = PEOPLE[index % len(PEOPLE)]
    number = _id_number(birth, female, 100 + index)
    existing = Person.objects.filter(id_number=number).first()
    if existing is not None:
        return existing
    town = TOWNS[index % len(TOWNS)]
    return services.person_create(
        actor=actor,
        name=name,
        id_number=number,
        phone=f"139{56400000 + index * 7919 % 9999999:08d}",
        household_address=f"安徽省寿县{town}{['东', '西', '南', '北'][index % 4]}村{index % 9 + 1}组",
        residence_address=f"寿县{town}{['东', '西', '南', '北'][index % 4]}村{index % 9 + 1}组",
        residence_division_code="340422",
        **extra,
    )


def _organisations() -> dict[str, Organisation]:
    names = [CENTRE, *WORKSTATIONS, "驻寿县看守所法律援助工作站", "寿县妇联法律援助联络中心"]
    return {org.name: org for org in Organisation.objects.filter(name__in=names)}


def _users() -> dict[str, User]:
    return {u.username: u for u in User.objects.filter(username__in=["director", "staff", "clerk", "clerk_anfeng"])}


def seed_demo(stdout=None) -> None:
    orgs = _organisations()
    users = _users()
    if CENTRE not in orgs or "staff" not in users:
        if stdout:
            stdout.write("intake: legalaid demo network missing, skipped")
        return
    rng = random.Random(2026)
    with transaction.atomic():
        persons = [_person(i, users["staff"]) for i in range(len(PEOPLE))]
        created_consultations = _consultations(orgs, users, persons, rng)
        created_applications = _applications(orgs, users, persons, rng)
        created_visits = _home_visits(orgs, users, persons)
    if stdout:
        stdout.write(
            f"intake: {len(persons)} persons, {created_consultations} consultations, "
            f"{created_applications} applications, {created_visits} home visits added"
        )


def _consultations(orgs, users, persons, rng) -> int:
    channels = {c.code: c for c in Channel.objects.all()}
    matters = {m.code: m for m in MatterCategory.objects.all()}
    now = timezone.now()
    created = 0
    for index in range(60):
        token = f"demo-consultation-{index}"
        if Consultation.objects.filter(submission_token=token).exists():
            continue
        matter_code, question, answer = QUESTIONS[index % len(QUESTIONS)]
        if index % 3 == 0:
            actor, channel = users["clerk"], channels["workstation"]
        elif index % 3 == 1:
            actor, channel = users["staff"], channels["hotline_12348" if index % 2 else "centre_window"]
        else:
            actor, channel = users["clerk_anfeng"], channels["workstation"]
        if index % 10 == 5:
            channel = channels["online"]
        if index % 15 == 7:
            actor, channel = users["staff"], channels["letter"]
        consulted_at = now - timedelta(days=index // 2, hours=rng.randint(1, 6), minutes=rng.randint(0, 59))
        call_back = channel.code == "hotline_12348" and index % 4 == 3
        person = persons[index % len(persons)] if index % 4 == 0 else None
        visitor = "" if person else rng.choice(["王先生", "李女士", "张大爷", "刘师傅", "陈阿姨", "匿名来电"])
        if person is not None and not selectors.persons_for_user(actor).filter(pk=person.pk).exists():
            # A clerk links only people in their own records; others stay a name in the ledger.
            person, visitor = None, person.name
        consultation = services.consultation_record(
            actor=actor,
            channel=channel,
            consulted_at=consulted_at,
            person=person,
            visitor_name="" if person else visitor,
            visitor_phone=f"138{55000000 + index * 131:08d}" if call_back or index % 2 else "",
            matter=matters.get(matter_code),
            question=question,
            answer="" if call_back else answer,
            outcome=Consultation.Outcome.CALL_BACK
            if call_back
            else (
                Consultation.Outcome.REFERRED_TO_AGENCY
                if index % 11 == 4
                else (Consultation.Outcome.REFERRED_TO_APPLICATION if index % 5 == 0 else Consultation.Outcome.ANSWERED)
            ),
            referred_agency="寿县人力资源和社会保障局劳动保障监察大队" if index % 11 == 4 else "",
            call_back_due=consulted_at + timedelta(hours=24) if call_back else None,
            duration_minutes=rng.randint(3, 25),
            submission_token=token,
        )
        if call_back and index % 8 == 3 and consulted_at < now - timedelta(days=2):
            services.consultation_call_back(
                consultation,
                actor=users["staff"],
                note="已回电，建议来中心窗口申请法律援助。",
            )
        created += 1
    return created


def _applications(orgs, users, persons, rng) -> int:
    channels = {c.code: c for c in Channel.objects.all()}
    matters = {m.code: m for m in MatterCategory.objects.all()}
    centre = orgs[CENTRE]
    now = timezone.now()
    today = timezone.localdate()
    created = 0
    for index in range(40):
        token = f"demo-application-{index}"
        if Application.objects.filter(submission_token=token).exists():
            continue
        plan = PLANS[index % len(PLANS)]
        matter_code, case_type, service, facts, party = MATTERS[index % len(MATTERS)]
        applicant = persons[index % len(persons)]
        days_ago = [0, 1, 2, 3, 5, 6, 7, 8, 9, 12][index % 10]
        received_at = now - timedelta(days=days_ago, hours=rng.randint(0, 3))
        workstation_user = users["clerk"] if index % 2 == 0 else users["clerk_anfeng"]
        workstation = orgs[WORKSTATIONS[index % 2]]
        actor, receiving, channel = workstation_user, workstation, channels["workstation"]
        if plan == "received_online":
            actor, receiving, channel = PUBLIC, centre, channels["online"]
        elif plan == "received_window":
            actor, receiving, channel = users["staff"], centre, channels["centre_window"]
        elif plan == "forwarded":
            actor, receiving, channel = users["staff"], centre, channels["detention_forward"]
            matter_code, case_type, service, facts, party = MATTERS[6]
        kwargs = {}
        if case_type == CaseType.CRIMINAL:
            kwargs["criminal_stage"] = "investigation"
        if plan == "forwarded":
            kwargs["applied_at"] = received_at - timedelta(hours=20)
        if plan == "urgent":
            kwargs["deadline_date"] = today + timedelta(days=4)
            kwargs["deadline_kind"] = Application.DeadlineKind.LIMITATION
        elif index % 7 == 3:
            kwargs["deadline_date"] = today + timedelta(days=30 + index)
        representative = None
        if plan == "representative" or applicant.age() is not None and applicant.age() < 18:
            representative = persons[(index + 5) % len(persons)]
            kwargs["representative_relationship"] = Application.Relationship.PARENT
        if applicant.is_migrant_worker and matter_code in ("labour", "injury_work"):
            kwargs["waiver_claimed"] = "migrant_worker"
        elif applicant.disability_grade in (1, 2):
            kwargs["waiver_claimed"] = "legal_aid_card"
        parties = []
        if party:
            name, kind, role = party
            parties.append({"name": name, "kind": kind, "role": role})
        application = services.application_submit(
            actor=actor,
            # The clerk types the applicant's ID number from the card they show (see services.persons).
            typed_id_numbers=(applicant.id_number, representative.id_number if representative else ""),
            applicant=applicant,
            representative=representative if representative and representative.pk != applicant.pk else None,
            channel=channel,
            receiving_organisation=receiving,
            case_type=case_type,
            matter=matters.get(matter_code),
            facts=facts.format(amount=rng.choice([8600, 12500, 23000, 36800, 51200])),
            service_requested=service,
            received_at=received_at,
            opposing_parties=parties,
            submission_token=token,
            **kwargs,
        )
        _advance(application, plan, users, workstation_user, today)
        created += 1
    return created


def _advance(application: Application, plan: str, users, clerk: User, today: date) -> None:
    staff = users["staff"]
    director = users["director"]
    review = {
        "materials_complete": True,
        "recommendation": "grant",
        "reasons": "申请人经济困难，所申请事项属于法律援助范围，材料齐全，建议给予法律援助。",
        "provided_items": ["申请人身份证明(居民身份证、户口簿等)", "法律援助申请表"],
        "waiver_basis": application.waiver_claimed,
    }
    try:
        if plan in ("under_review", "supplied", "representative", "awaiting_materials", "deemed_withdrawn"):
            if application.status == Application.Status.PRELIMINARY_REVIEW:
                services.preliminary_review_submit(application, actor=clerk, **review)
            elif application.status == Application.Status.RECEIVED:
                services.application_accept(application, actor=staff)
        if plan in ("awaiting_materials", "supplied", "deemed_withdrawn"):
            services.notice_issue(
                application,
                actor=staff,
                items=[
                    "劳动合同、工资条或其他能证明劳动关系的材料",
                    "欠薪数额的证明(考勤记录、欠条等，)",
                    "经济困难状况说明表",
                ],
                due_date=today + timedelta(days=10),
                note="材料可交至受理你申请的工作站。",
            )
        if plan == "supplied":
            services.materials_supply(application, actor=staff, note="申请人已补交劳动关系证明和欠薪证明。")
        if plan == "deemed_withdrawn":
            # A notice issued weeks ago whose due date has passed: what the daily task finds.
            notice = MaterialsNotice.objects.get(application=application)
            issued = timezone.now() - timedelta(days=20)
            MaterialsNotice.objects.filter(pk=notice.pk).update(issued_at=issued, due_date=today - timedelta(days=5))
            Application.objects.filter(pk=application.pk).update(paused_since=issued)
            application.refresh_from_db()
            services.application_deem_withdrawn(application, actor=SYSTEM, today=today)
        if plan == "withdrawn":
            services.application_withdraw(application, actor=clerk, reason="申请人与对方达成和解，书面申请撤回。")
        if plan == "urgent":
            services.application_pre_provide(application, actor=director, reason="仲裁时效即将届满，先行提供法律援助。")
    except DomainError:
        pass  # an already advanced application on a second run


def _home_visits(orgs, users, persons) -> int:
    created = 0
    now = timezone.now()
    for offset, index in enumerate([0, 2, 8, 25]):
        person = persons[index]
        if HomeVisit.objects.filter(person=person).exists():
            continue
        clerk = users["clerk"] if offset % 2 == 0 else users["staff"]
        if not selectors.persons_for_user(clerk).filter(pk=person.pk).exists():
            clerk = users["staff"]
        visit = services.home_visit_book(
            actor=clerk,
            person=person,
            scheduled_for=now + timedelta(days=offset + 1, hours=2),
            staff=clerk,
            address=person.residence_address,
            purpose="申请人行动不便，上门受理法律援助申请",
        )
        if offset == 3:
            HomeVisit.objects.filter(pk=visit.pk).update(scheduled_for=now - timedelta(days=2))
            visit.refresh_from_db()
            services.home_visit_complete(visit, actor=clerk, outcome="已上门核实情况，协助填写申请表，材料齐全。")
        created += 1
    return created
