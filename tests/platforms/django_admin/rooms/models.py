"""Two simple models: the rooms of an office, and who booked them when."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingRoom(models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True)
    floor = models.PositiveSmallIntegerField(_("floor"))
    capacity = models.PositiveSmallIntegerField(_("capacity"), help_text=_("Number of seats."))
    has_projector = models.BooleanField(_("projector"), default=False)

    class Meta:
        verbose_name = _("meeting room")
        verbose_name_plural = _("meeting rooms")
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class Booking(models.Model):
    title = models.CharField(_("title"), max_length=120)
    room = models.ForeignKey(MeetingRoom, models.CASCADE, verbose_name=_("room"), related_name="bookings")
    day = models.DateField(_("day"))
    start = models.TimeField(_("start"))
    end = models.TimeField(_("end"))
    organiser = models.CharField(_("organiser"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ("day", "start")

    def __str__(self) -> str:
        return self.title
