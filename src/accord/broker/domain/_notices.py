"""What a verifier prints about each pact: ``shortDescription`` and ``verificationProperties.notices``.

The texts are the Pact Broker's (``verifiable_pact_messages.rb``, ``build_verifiable_pact_notices.rb``),
because verifiers print them verbatim and users search for them. Notices carry a ``when``:
``before_verification`` (why the pact is included, whether it is pending) and
``after_verification:success_<true|false>_published_<true|false>`` (what the result means).
"""

from __future__ import annotations

from itertools import groupby

from accord.broker.domain._for_verification import READ_MORE_PENDING, READ_MORE_WIP, VerifiablePact
from accord.broker.domain._records import unique
from accord.broker.domain._selectors import ResolvedSelector


def _join_unquoted(words: list[str], last: str = " and ") -> str:
    if len(words) <= 2:
        return last.join(words)
    return ", ".join(words[:-2]) + ", " + last.join(words[-2:])


def _join(words: list[str]) -> str:
    return _join_unquoted([f"'{w}'" for w in words])


def short_description(vp: VerifiablePact) -> str:
    """``latest from branch main, deployed to production``: one phrase per selector."""
    return ", ".join(_short(s) for s in vp.selected.selectors)


def _short(s: ResolvedSelector) -> str:
    sel = s.selector
    kind = s.kind
    if kind == "overall_latest":
        return "latest"
    if kind == "latest_for_tag":
        return f"latest with tag {sel.fallback_tag if s.fallback_used else sel.tag}"
    if kind == "latest_for_main_branch":
        return "latest from main branch"
    if kind == "latest_for_branch":
        return f"latest from branch {s.branch}"
    if kind == "all_for_tag":
        return f"one of {sel.consumer} {sel.tag}" if sel.consumer else f"one of {sel.tag}"
    if kind == "currently_deployed":
        return f"deployed to {s.environment}"
    if kind == "currently_supported":
        return f"released in {s.environment}"
    return f"in environment {s.environment}"


def _description(s: ResolvedSelector, provider_name: str) -> str:
    sel = s.selector
    kind = s.kind
    label = f"version of {sel.consumer}" if sel.consumer else "version"
    if kind == "overall_latest":
        text = f"latest version of {sel.consumer or 'a consumer'} that has a pact with {provider_name}"
    elif kind == "latest_for_tag" and s.fallback_used:
        text = (
            f"latest {label} tagged '{sel.fallback_tag}' "
            f"(fallback tag used as no pact was found with tag '{sel.tag}')"
        )
    elif kind == "latest_for_tag":
        text = f"latest {label} tagged '{sel.tag}'"
    elif kind == "latest_for_main_branch":
        text = f"latest {label} from the main branch '{s.branch}'"
    elif kind == "latest_for_branch" and s.fallback_used:
        text = (
            f"latest {label} from branch '{sel.fallback_branch}' "
            f"(fallback branch used as no pact was found from branch '{sel.branch}')"
        )
    elif kind == "latest_for_branch":
        text = f"latest {label} from branch '{s.branch}'"
    elif kind == "all_for_tag" and sel.consumer:
        text = f"all {sel.consumer} versions tagged '{sel.tag}'"
    elif kind == "all_for_tag":
        text = f"all consumer versions tagged '{sel.tag}'"
    else:
        text = f"{sel.consumer or 'a consumer'} version in environment {s.environment}"
    return f"{text} ({s.consumer_version.number})"


def _environment_descriptions(selectors: list[ResolvedSelector], verb: str) -> list[str]:
    out = []
    for consumer, group in groupby(selectors, key=lambda s: s.selector.consumer):
        display = f"version(s) of {consumer}" if consumer else "consumer version(s)"
        places = [f"{s.environment} ({s.consumer_version.number})" for s in group]
        out.append(f"{display} {verb} {_join_unquoted(places)}")
    return out


def _selector_descriptions(vp: VerifiablePact) -> str:
    lines: list[str] = []
    ordered = sorted(vp.selected.selectors, key=ResolvedSelector.sort_key)
    for kind, group in groupby(ordered, key=lambda s: s.kind):
        items = list(group)
        if kind == "currently_deployed":
            lines += _environment_descriptions(items, "currently deployed to")
        elif kind == "currently_supported":
            lines += _environment_descriptions(items, "released and supported in")
        else:
            lines += [_description(s, vp.provider.name) for s in items]
    return "\n".join(f"    * {line}" for line in lines)


def _head_tags(vp: VerifiablePact) -> list[str]:
    return unique(s.selector.tag for s in vp.selected.selectors if s.latest_for_tag and s.selector.tag)


def _head_branches(vp: VerifiablePact) -> list[str]:
    return unique(s.branch for s in vp.selected.selectors if s.latest_for_branch and s.branch)


def _pending_target(vp: VerifiablePact, any_or_a: str = "any") -> str:
    provider = vp.provider.name
    if vp.provider_branch:
        return f"{any_or_a} version of {provider} from branch '{vp.provider_branch}'"
    tags = list(vp.pending_provider_tags)
    if not tags:
        return provider
    if len(tags) == 1:
        return f"{any_or_a} version of {provider} with tag '{tags[0]}'"
    return f"{any_or_a} versions of {provider} with tag {_join(tags)}"


def _non_pending_target(vp: VerifiablePact) -> str:
    provider = vp.provider.name
    if vp.provider_branch:
        return f"a version of {provider} from branch '{vp.provider_branch}'"
    tags = list(vp.non_pending_provider_tags)
    if not tags:
        return provider
    if len(tags) == 1:
        return f"a version of {provider} with tag '{tags[0]}'"
    return f"a version of {provider} with tag {_join(tags)}"


def _with_these_tags(vp: VerifiablePact) -> str:
    count = len(vp.pending_provider_tags)
    return "" if count == 0 else "with this tag " if count == 1 else "with these tags "


def inclusion_reason(vp: VerifiablePact, pact_url: str) -> str:
    """Why the pact is in the list (the first ``before_verification`` notice)."""
    selectors = vp.selected.selectors
    if vp.wip:
        tags, branches = _head_tags(vp), _head_branches(vp)
        version_text = "version" if len(tags) == 1 or len(branches) == 1 else "versions"
        parts = []
        if branches:
            parts.append(f"from {'branch' if len(branches) == 1 else 'branches'} {_join(branches)}")
        if tags:
            parts.append(f"tagged with {_join(tags)}")
        same = (
            ""
            if len(selectors) == 1
            else (" (both have the same content)" if len(selectors) == 2 else " (all have the same content)")
        )
        return (
            f"The pact at {pact_url} is being verified because it is a 'work in progress' pact "
            f"(ie. it is the pact for the latest {version_text} of {vp.consumer.name} "
            f"{' and '.join(parts)}{same} and it has "
            f"not yet been successfully verified by {_pending_target(vp, 'a')} when the pact's application "
            f"version was explicitly specified in the consumer version selectors). {READ_MORE_WIP}"
        )
    criteria = "criteria" if len(selectors) > 1 else "criterion"
    versions = "the consumer versions" if len(selectors) > 1 else "the consumer version"
    return (
        f"The pact at {pact_url} is being verified because the pact content belongs to {versions} matching "
        f"the following {criteria}:\n{_selector_descriptions(vp)}"
    )


def pending_reason(vp: VerifiablePact) -> str:
    """Whether a failure will fail the build (the second ``before_verification`` notice)."""
    provider = vp.provider.name
    if vp.pending and vp.wip:
        return (
            f"This pact is in pending state for this version of {provider} because it was included as a "
            "'work in progress' pact. If this verification fails, it will not cause the overall build to "
            f"fail. {READ_MORE_PENDING}"
        )
    if vp.pending:
        return (
            f"This pact is in pending state for this version of {provider} because a successful verification "
            f"result for {_pending_target(vp, 'a')} has not yet been published. If this verification fails, "
            f"it will not cause the overall build to fail. {READ_MORE_PENDING}"
        )
    return (
        f"This pact has previously been successfully verified by {_non_pending_target(vp)}. If this "
        f"verification fails, it will fail the build. {READ_MORE_PENDING}"
    )


def notices(vp: VerifiablePact, pact_url: str, *, include_pending_status: bool) -> list[dict[str, str]]:
    """The ``verificationProperties.notices`` list, in the Pact Broker's order and words."""
    out = [{"when": "before_verification", "text": inclusion_reason(vp, pact_url)}]
    if not include_pending_status:
        return out
    out.append({"when": "before_verification", "text": pending_reason(vp)})
    if not vp.pending:
        return out
    target, these = _pending_target(vp), _with_these_tags(vp)
    still_false = (
        f"This pact is still in pending state for {target} as a successful verification result "
        f"{these}has not yet been published"
    )
    out += [
        {
            "when": "after_verification:success_true_published_false",
            "text": f"This pact is still in pending state for {target} as the successful verification "
            f"results {these}have not yet been published.",
        },
        {"when": "after_verification:success_false_published_false", "text": still_false},
        {
            "when": "after_verification:success_true_published_true",
            "text": f"This pact is no longer in pending state for {target}, as a successful verification "
            f"result {these}has been published. If a verification for a version of {vp.provider.name} "
            f"{these}fails in the future, it will fail the build. {READ_MORE_PENDING}",
        },
        {"when": "after_verification:success_false_published_true", "text": still_false},
    ]
    return out


__all__ = ["inclusion_reason", "notices", "pending_reason", "short_description"]
