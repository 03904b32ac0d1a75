#!/usr/bin/env bash
# Sets up and serves the demo on http://127.0.0.1:8000 (SQLite, Celery tasks in-process).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh run
export DJANGO_SETTINGS_MODULE=legalaid.settings
.venv/bin/python manage.py migrate --noinput -v 0
.venv/bin/python manage.py collectstatic --noinput -v 0
.venv/bin/python manage.py demo_data
cat <<'TEXT'

  法援通 演示环境 · http://127.0.0.1:8000/
  演示账号(密码均为 demo2026):
    director    中心主任        (寿县法律援助中心)
    staff       中心工作人员    (寿县法律援助中心)
    supervisor  质量监督员      (寿县法律援助中心)
    clerk       工作站工作人员  (寿春镇法律援助工作站)
    lawyer      承办人(律师)  (安徽寿州律师事务所)
    admin       系统管理员      (管理后台 /admin/)
  按 Ctrl+C 停止。

TEXT
exec .venv/bin/python manage.py runserver 127.0.0.1:8000
