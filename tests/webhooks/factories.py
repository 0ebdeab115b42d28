from cercle.webhooks import services
from cercle.webhooks.enums import Event


def endpoint_for(owner, url, *, events=None, organisation=None):
    return services.create_endpoint(
        actor=owner,
        url=url,
        events=events or Event.values,
        organisation=organisation,
        description="Notre GRC",
    )
