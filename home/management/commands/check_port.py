"""Refuse at once when `make run`'s port is taken, before a minute of migrating and seeding."""

import socket

from django.core.management.base import BaseCommand, CommandError

PORT_IN_USE = "Port {port} is in use: make run PORT={next_port}"


def port_is_free(port, host="127.0.0.1"):
    """Whether the development server could listen on host:port now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # runserver reuses addresses too, so a port left in TIME_WAIT counts as free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


class Command(BaseCommand):
    help = "Exit with a message naming another port when the given port is in use."

    def add_arguments(self, parser):
        parser.add_argument("port", type=int)

    def handle(self, *args, port, **options):
        if not port_is_free(port):
            raise CommandError(PORT_IN_USE.format(port=port, next_port=port + 1))
