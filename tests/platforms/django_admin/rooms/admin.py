from django.contrib import admin

from .models import Booking, MeetingRoom


@admin.register(MeetingRoom)
class MeetingRoomAdmin(admin.ModelAdmin):
    list_display = ("name", "floor", "capacity", "has_projector")
    list_filter = ("floor", "has_projector")
    search_fields = ("name",)


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = ("title", "room", "day", "start", "end", "organiser")
    list_filter = ("room",)
    search_fields = ("title", "organiser")
