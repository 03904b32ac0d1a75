from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "载入演示数据：依次调用每个应用自己的 demo.seed_demo()(可重复运行)。"

    def handle(self, *args, **options):
        for config in apps.get_app_configs():
            module_name = f"{config.name}.demo"
            if find_spec(module_name) is None:
                continue
            self.stdout.write(f"{config.verbose_name}:")
            import_module(module_name).seed_demo(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("演示数据已就绪。"))
