"""Admin forms as a browser posts them back: for tests that edit in the admin."""


def posted_values(form):
    """What a browser posts back for an untouched form."""
    data = {}
    for name in form.fields:
        field = form[name]
        value = field.value()
        if isinstance(value, list | tuple):
            data[field.html_name] = [str(v) for v in value]
        elif value is True:
            data[field.html_name] = "on"
        elif value is not None and value is not False and value != "":
            data[field.html_name] = str(value)
    return data


def opened_form(client, url):
    """GET an admin form; what posting it back unchanged would send, inlines included."""
    response = client.get(url)
    assert response.status_code == 200, url
    data = posted_values(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", []):
        data |= posted_values(inline.formset.management_form)
        for form in inline.formset.forms:
            data |= posted_values(form)
    return data
