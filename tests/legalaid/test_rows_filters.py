"""The row filters of list pages (legalaid/templatetags/rows.py) give what Django's own calls give."""

import pytest
from django import forms
from django.template import engines
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation
from django.utils.html import conditional_escape

from legalaid.models import MatterCategory, Organisation

pytestmark = pytest.mark.django_db


def render(source: str, **context) -> str:
    return engines["django"].from_string("{% load rows %}" + source).render(context)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_label_is_the_display_of_each_choice_in_the_current_language(language):
    with translation.override(language):
        for value, _label in Organisation.Kind.choices:
            organisation = Organisation(name="x", kind=value)
            assert render('{{ o|label:"kind" }}', o=organisation) == organisation.get_kind_display()


def test_label_of_a_value_outside_the_choices_and_of_no_object():
    assert render('{{ o|label:"kind" }}', o=Organisation(name="x", kind="retired")) == "retired"
    assert render('{{ o|label:"kind" }}', o=None) == ""


def test_pk_url_is_the_reversed_address():
    assert render("{{ 42|pk_url:'organisation_detail' }}") == reverse("organisation_detail", args=[42])
    assert render("{{ 7|pk_url:'cases:case_event' }}") == reverse("cases:case_event", args=[7])


def test_pk_url_follows_the_script_prefix():
    try:
        set_script_prefix("/legal-aid/")
        assert render("{{ 42|pk_url:'organisation_detail' }}") == reverse("organisation_detail", args=[42])
        assert render("{{ 42|pk_url:'organisation_detail' }}").startswith("/legal-aid/")
    finally:
        set_script_prefix("/")


def test_pk_url_refuses_an_address_that_does_not_take_one_key():
    with pytest.raises(NoReverseMatch):
        render("{{ 42|pk_url:'organisation_list' }}")


def test_select_options_escape_and_select_the_current_value():
    class Filters(forms.Form):
        kind = forms.ChoiceField(choices=[("", "全部"), ("a&b", "<甲>"), ("b", "乙")], required=False)

    html = engines["django"].from_string("{% load list_filters %}{{ form.kind|select_options }}")
    shown = html.render({"form": Filters({"kind": "b"})})
    assert shown == (
        '<option value="">全部</option><option value="a&amp;b">&lt;甲&gt;</option>'
        '<option value="b" selected>乙</option>'
    )
    assert 'value="" selected' in html.render({"form": Filters()})


def test_select_options_of_a_model_field_are_djangos_own_read_in_one_query(django_assert_num_queries):
    """The records of a model choice field are listed as its widget lists them (empty label first, the
    key and the record's name), read by one plain query rather than the iterator's server-side cursor."""
    for name in ["<甲>中心", "乙中心"]:
        Organisation.objects.create(name=name, kind=Organisation.Kind.COUNTY_CENTRE)

    class Filters(forms.Form):
        organisation = forms.ModelChoiceField(Organisation.objects.order_by("name"), required=False, empty_label="全部")

    chosen = Organisation.objects.get(name="乙中心")
    form = Filters({"organisation": chosen.pk})
    own = "".join(
        f'<option value="{key}"{" selected" if str(key) == str(chosen.pk) else ""}>{label}</option>'
        for key, label in ((str(v), conditional_escape(lab)) for v, lab in form.fields["organisation"].choices)
    )
    html = engines["django"].from_string("{% load list_filters %}{{ form.organisation|select_options }}")
    with django_assert_num_queries(1):
        shown = html.render({"form": form})
    assert shown == own
    assert shown.startswith('<option value="">全部</option>') and "&lt;甲&gt;中心" in shown
    assert f'<option value="{chosen.pk}" selected>乙中心</option>' in shown


@pytest.mark.parametrize("model", [Organisation, MatterCategory])
def test_a_model_named_by_one_column_is_listed_by_it_as_django_lists_its_records(model):
    """Models with LABEL_FIELD are listed from that column alone (no record each): the same options as the
    records' own names, a field that names its records otherwise keeps its names."""
    for name in ["<甲>", "乙", "丙㛃"]:
        if model is Organisation:
            model.objects.create(name=f"{name}中心", kind=Organisation.Kind.COUNTY_CENTRE)
        else:
            model.objects.create(name=f"{name}纠纷", code=f"code-{len(name)}-{ord(name[0])}")
    for record in model.objects.all():
        assert str(record) == getattr(record, model.LABEL_FIELD)

    class Named(forms.ModelChoiceField):
        def label_from_instance(self, record):
            return f"#{record.pk}"

    class Filters(forms.Form):
        plain = forms.ModelChoiceField(model.objects.all(), required=False, empty_label="全部")
        named = Named(model.objects.all(), required=False, empty_label="全部")

    form = Filters()
    listed = {}
    for field in ("plain", "named"):
        own = "".join(
            f'<option value="{value}"{" selected" if value == "" else ""}>{conditional_escape(label)}</option>'
            for value, label in form.fields[field].choices
        )
        shown = engines["django"].from_string(f"{{% load list_filters %}}{{{{ form.{field}|select_options }}}}")
        listed[field] = shown.render({"form": form})
        assert listed[field] == own, field
    assert "&lt;甲&gt;" in listed["plain"] and "&lt;" not in listed["named"]  # escaped names; the field's own labels


def test_record_options_list_a_querysets_names_with_the_current_one_selected(django_assert_num_queries):
    first = Organisation.objects.create(name="<甲>中心", kind=Organisation.Kind.COUNTY_CENTRE)
    second = Organisation.objects.create(name="乙中心", kind=Organisation.Kind.COUNTY_CENTRE)
    html = engines["django"].from_string("{% load list_filters %}{{ records|record_options:current }}")
    with django_assert_num_queries(1):
        shown = html.render(
            {
                "records": Organisation.objects.filter(pk__in=[first.pk, second.pk]).order_by("name"),
                "current": second.pk,
            }
        )
    assert shown == (
        f'<option value="{first.pk}">&lt;甲&gt;中心</option><option value="{second.pk}" selected>乙中心</option>'
    )
