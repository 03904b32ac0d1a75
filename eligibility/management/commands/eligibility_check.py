import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eligibility.checks import INPUT, InputError, run


class Command(BaseCommand):
    help = gettext_lazy(
        "经济困难审查：从标准输入读取一个 JSON 对象(或对象数组),按申请日适用的事项范围、免审类别和"
        "经济困难标准作出判断，在标准输出打印 JSON 结果。输入有误时以状态 2 退出并指明字段。"
    )
    stealth_options = ("stdin",)
    # A filter on stdin: the system checks would import every URLconf and view (and WeasyPrint) first.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--indent", type=int, default=None, help=_("缩进空格数(默认紧凑输出)"))

    def handle(self, *args, **options):
        try:
            text = options["stdin"].read() if options.get("stdin") else sys.stdin.buffer.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise CommandError(
                _("字段 %(field)s: %(message)s") % {"field": INPUT, "message": _("不是 UTF-8 编码的文本。")},
                returncode=2,
            ) from None
        try:
            result = run(text)
        except InputError as error:
            message = _("字段 %(field)s: %(message)s") % {"field": error.field, "message": error.message}
            raise CommandError(message, returncode=2) from None
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=options["indent"]))
