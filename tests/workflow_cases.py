"""The cases every app's workflow tests walk: each allowed move with each actor who may
make it, each move the table lacks, and each allowed move tried by another actor."""


def allowed_moves(workflow) -> list[tuple[tuple[str, str], str]]:
    return sorted((pair, actor) for pair, actors in workflow.table.items() for actor in actors)


def refused_moves(workflow) -> list[tuple[str, str]]:
    statuses = list(workflow.statuses)
    return [
        (source, to)
        for source in statuses
        for to in statuses
        if source != to and not workflow.allows(source, to)
    ]


def wrong_actor_moves(workflow, actors) -> list[tuple[tuple[str, str], str]]:
    return [
        (pair, actor)
        for pair in workflow.pairs()
        for actor in actors
        if actor not in workflow.actors(*pair)
    ]


def assert_moved_and_recorded(obj, record, *, source, target, by, reason) -> None:
    """``obj`` is in ``target`` now and ``record`` is its one history row, saying so."""
    obj.refresh_from_db()
    assert obj.status == target
    assert (record.from_status, record.to_status, record.by, record.reason) == (
        source,
        target,
        by,
        reason,
    )
    assert record.at is not None
    assert obj.history_model_class().objects.get() == record
