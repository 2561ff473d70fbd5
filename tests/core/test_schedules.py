import pytest
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

pytestmark = pytest.mark.django_db


def test_every_declared_periodic_task_is_a_row_staff_can_edit():
    names = set(PeriodicTask.objects.values_list("name", flat=True))
    assert {"core-ping-daily", "subsidies-close-notices", "rankings-start-annual"} <= names
    ranking = PeriodicTask.objects.get(name="rankings-start-annual")
    assert ranking.task == "rankings.start_annual_ranking"
    assert (ranking.crontab.month_of_year, ranking.crontab.day_of_month, ranking.crontab.hour) == ("1", "10", "2")
    assert str(ranking.crontab.timezone) == "Asia/Shanghai"


def test_staff_edits_survive_the_next_migrate():
    task = PeriodicTask.objects.get(name="rankings-start-annual")
    task.enabled = False
    task.crontab.hour = "4"
    task.crontab.save()
    task.save()
    call_command("migrate", verbosity=0)
    task.refresh_from_db()
    assert task.enabled is False and task.crontab.hour == "4"
    assert PeriodicTask.objects.filter(name="rankings-start-annual").count() == 1
