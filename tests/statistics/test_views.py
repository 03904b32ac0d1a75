"""Every statistics page for the member (200), the lower role (403) and the outsider (404)."""

from datetime import date
from io import BytesIO

import pytest
import time_machine
from openpyxl import load_workbook
from pypdf import PdfReader

from supervision.models import AnnualTarget, StatisticsReport
from supervision.statistics import services


@pytest.fixture
def frozen_march():
    with time_machine.travel("2026-03-10 10:00 +08:00", tick=False) as traveller:
        yield traveller


def monthly_url(org, month="2026-02", fmt=""):
    return f"/supervision/statistics/report/monthly/?organisation={org.pk}&month={month}" + (
        f"&format={fmt}" if fmt else ""
    )


@pytest.mark.django_db
def test_monthly_report_on_screen_xlsx_and_pdf(frozen_march, generated, network, as_alice):
    page = as_alice.get(monthly_url(network.centre))
    assert page.status_code == 200
    assert "寿县法律援助中心2026年2月法律援助工作统计月报表" in page.content.decode()
    total = page.context["rows"]
    xlsx = as_alice.get(monthly_url(network.centre, fmt="xlsx"))
    assert xlsx.status_code == 200
    sheet = load_workbook(BytesIO(xlsx.content)).active
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["指标", "合计", "本级"]
    opened = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "新收案件合计")
    screen_opened = next(row for row in total if row["cells"][0] == "新收案件合计")
    assert str(opened[1]) == screen_opened["cells"][1]
    pdf = as_alice.get(monthly_url(network.centre, fmt="pdf"))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(pdf.content)).pages)
    assert "法律援助工作统计月报表" in text and "新收案件合计" in text


@pytest.mark.django_db
def test_report_pages_for_each_persona(frozen_march, network, as_alice, as_bob, as_charlie):
    assert as_alice.get("/supervision/statistics/").status_code == 200
    assert as_alice.get(monthly_url(network.centre)).status_code == 200
    # The outsider asks for another county's report: not found.
    assert as_charlie.get(monthly_url(network.centre)).status_code == 404
    # The workstation clerk sees their own workstation, not the county; targets are not theirs.
    assert as_bob.get(monthly_url(network.workstation)).status_code == 200
    assert as_bob.get(monthly_url(network.centre)).status_code == 404
    assert as_bob.get("/supervision/statistics/targets/").status_code == 403
    assert as_bob.get("/supervision/statistics/report/obligations/").status_code == 403
    assert as_alice.get("/supervision/statistics/dashboard/").status_code == 403
    # Bad input: the form comes back with a Chinese message, never a 500.
    bad = as_alice.get(monthly_url(network.centre, month="2026-13"))
    assert bad.status_code == 200 and "请按“年-月”填写统计月份" in bad.content.decode()
    assert as_alice.get("/supervision/statistics/report/nothing/").status_code == 404


@pytest.mark.django_db
def test_stored_report_pages(frozen_march, network, director, as_bob, as_charlie, client):
    report = services.report_request(network.centre, date(2026, 2, 1), actor=director)
    client.force_login(director)
    url = f"/supervision/statistics/monthly/{report.pk}/"
    assert client.get(url).status_code == 200
    assert client.get(url + "xlsx/").status_code == 200
    assert client.get(url + "pdf/").status_code == 200
    assert as_charlie.get(url).status_code == 404
    assert as_bob.get(url).status_code == 404
    assert client.post(url + "submit/").status_code == 302
    report.refresh_from_db()
    assert report.status == StatisticsReport.Status.SUBMITTED
    page = client.post(url + "correct/", {"reason": ""})
    assert page.status_code == 200 and "请写明更正原因" in page.content.decode()
    response = client.post(url + "correct/", {"reason": "补录"})
    correction = StatisticsReport.objects.get(organisation=network.centre, revision=2)
    assert response["Location"].endswith(f"/monthly/{correction.pk}/")
    page = client.get(f"/supervision/statistics/monthly/{correction.pk}/")
    assert "与第1版的差异" in page.content.decode()


@pytest.mark.django_db
def test_generate_and_refresh_from_the_index(frozen_march, network, as_alice, as_bob):
    response = as_alice.post(
        "/supervision/statistics/generate/", {"gen-organisation": network.centre.pk, "gen-month": "2026-02"}
    )
    report = StatisticsReport.objects.get(organisation=network.centre)
    assert response.status_code == 302 and report.status == StatisticsReport.Status.DRAFT
    assert as_alice.post(f"/supervision/statistics/monthly/{report.pk}/refresh/").status_code == 302
    bad = as_alice.post(
        "/supervision/statistics/generate/", {"gen-organisation": network.centre.pk, "gen-month": "2026-04"}
    )
    assert bad.status_code == 200 and "统计月份不能晚于本月" in bad.content.decode()
    assert 'value="2026-04"' in bad.content.decode()
    assert as_alice.post(f"/supervision/statistics/monthly/{report.pk}/submit/").status_code == 403
    assert (
        as_bob.post(
            "/supervision/statistics/generate/", {"gen-organisation": network.workstation.pk, "gen-month": "2026-02"}
        ).status_code
        == 403
    )


@pytest.mark.django_db
def test_targets_breakdown_and_progress(frozen_march, generated, network, director, client):
    client.force_login(director)
    for org, cases in ((network.centre, 60), (network.workstation, 10), (network.law_firm, 5)):
        response = client.post(
            "/supervision/statistics/targets/",
            {"organisation": org.pk, "year": 2026, "cases": cases, "other_matters": cases * 10, "basis": "目标责任书"},
        )
        assert response.status_code == 302
    bad = client.post(
        "/supervision/statistics/targets/", {"organisation": network.other_centre.pk, "year": 2026, "cases": 1}
    )
    assert bad.status_code == 200 and "管理范围内" in bad.content.decode()
    assert AnnualTarget.objects.count() == 3
    page = client.get("/supervision/statistics/targets/?year=2026")
    rows = {row["organisation"].id: row for row in page.context["progress"]["rows"]}
    county = rows[network.centre.pk]
    assert county["broken_down_cases"] == 15
    opened = [
        c
        for c in generated.cases
        if c.received_by_id in {network.centre.pk, network.workstation.pk, network.other_workstation.pk}
    ]
    assert county["cases_done"] == len(opened)
    assert rows[network.law_firm.pk]["cases_done"] == sum(
        1 for c in generated.cases if c.handler_organisation_id == network.law_firm.pk
    )
    assert page.context["progress"]["elapsed"] == round(69 / 365 * 100, 1)
    report = client.get(
        f"/supervision/statistics/report/targets/?organisation={network.centre.pk}&year=2026&format=xlsx"
    )
    assert report.status_code == 200


@pytest.mark.django_db
def test_obligations_show_who_is_behind(frozen_march, network, director, client):
    from cases.models import Assignment, Case
    from legalaid.vocabulary import HandlerType
    from tests.factories import OrganisationFactory, make_handler

    busy = make_handler(network.law_firm, HandlerType.PRACTISING_LAWYER)
    idle = make_handler(network.law_firm, HandlerType.LEGAL_SERVICE_WORKER)
    institute = OrganisationFactory(name="寿县司法鉴定所", kind="forensic_institute", parent=network.centre)
    for index in range(2):
        case = Case.objects.create(
            number=f"O{index}",
            number_year=2026,
            sequence=index + 1,
            centre=network.centre,
            received_by=network.centre,
            case_type="civil",
            accepted_by=director,
            handler=busy,
            handler_organisation=institute,
            assigned_at="2026-02-01T10:00+08:00",
        )
        Assignment.objects.create(
            case=case,
            handler=busy,
            handler_organisation=network.law_firm,
            handler_type="practising_lawyer",
            assigned_by=director,
            assigned_at="2026-02-01T10:00+08:00",
        )
    client.force_login(director)
    page = client.get(f"/supervision/statistics/report/obligations/?organisation={network.centre.pk}&year=2026")
    rows = {row["cells"][0]: row for row in page.context["rows"] if not row["heading"]}
    assert rows[busy.get_full_name()]["cells"][5] == "2" and rows[busy.get_full_name()]["status"] == "done"
    assert rows[idle.get_full_name()]["cells"][3] == "5" and rows[idle.get_full_name()]["status"] == "behind"
    assert rows["寿县司法鉴定所"]["cells"][5] == "2" and rows["寿县司法鉴定所"]["cells"][3] == "5"
    behind = client.get(
        f"/supervision/statistics/report/obligations/?organisation={network.centre.pk}&year=2026&behind_only=on"
    )
    names = [row["cells"][0] for row in behind.context["rows"] if not row["heading"]]
    assert idle.get_full_name() in names and busy.get_full_name() not in names


@pytest.mark.django_db
def test_dashboard_for_the_director(frozen_march, generated, network, director, client):
    services.monthly_reports_generate(date(2026, 2, 1))
    client.force_login(director)
    page = client.get("/supervision/statistics/dashboard/")
    assert page.status_code == 200
    kpis = {k["key"]: k for k in page.context["data"]["kpis"]}
    stored = StatisticsReport.objects.get(organisation=network.centre, period=date(2026, 2, 1))
    assert kpis["case_opened"]["last"] == stored.figures["values"]["total"]["case_opened"]
    assert "vendor/echarts/echarts.min" in page.content.decode()
    assert len(page.context["data"]["volume"]["months"]) == 12
    # This month comes from the month-to-date report once beat has made it.
    from supervision.statistics import tasks

    tasks.month_to_date_statistics()
    march = StatisticsReport.objects.get(organisation=network.centre, period=date(2026, 3, 1))
    page = client.get("/supervision/statistics/dashboard/")
    kpis = {k["key"]: k for k in page.context["data"]["kpis"]}
    assert kpis["case_opened"]["this"] == march.figures["values"]["total"]["case_opened"]
    assert page.context["data"]["this_month_at"] == march.generated_at
    response = client.post(
        "/supervision/statistics/generate/",
        {"gen-organisation": network.centre.pk, "gen-month": "2026-03", "next": "/supervision/statistics/dashboard/"},
    )
    assert response["Location"] == "/supervision/statistics/dashboard/"
