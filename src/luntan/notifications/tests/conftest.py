import pytest

from luntan.posting.services import reply_to_thread


@pytest.fixture
def reply(django_capture_on_commit_callbacks):
    """Post a reply as the posting view does and run what its commit queues (the fan-out, which
    runs in-process without a broker, as under `make run`)."""

    def post(thread, author, body):
        with django_capture_on_commit_callbacks(execute=True):
            return reply_to_thread(thread=thread, author=author, body=body)

    return post
