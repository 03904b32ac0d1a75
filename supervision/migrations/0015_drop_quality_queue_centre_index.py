"""The index of finished assessments served only the quality queue's anti-join, which reads Case.assessed_at now
(cases 0025)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0025_case_assessed_at"),
        ("supervision", "0014_quality_queue_centre_index"),
    ]

    operations = [migrations.RemoveIndex(model_name="qualityassessment", name="supervision_qa_centre_done")]
