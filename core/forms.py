def form_errors(*forms):
    """(field label, message) pairs for an error summary at the top of a page."""
    return [
        (form[name].label if name in form.fields else "", message)
        for form in forms
        for name, messages in form.errors.items()
        for message in messages
    ]
