"""The ways to help that the home page calls for: what each role does and how to start.

Each links the role in ``community.roles`` whose group a volunteer joins, when there is
one; staffing a booth needs no role, only a conference and an afternoon.
"""

from dataclasses import dataclass

from community import roles


@dataclass(frozen=True)
class WayToHelp:
    slug: str
    title: str
    summary: str
    what_you_do: tuple[str, ...]
    how_to_start: tuple[str, ...]
    role: roles.Role | None = None


TEAM_ADDRESS = "community@python.org"

WAYS_TO_HELP = (
    WayToHelp(
        "review-jobs",
        "Review jobs",
        "Check job posts before they go live on the Python job board.",
        what_you_do=(
            "Read posts waiting in the review queue and check that each one is a real "
            "Python job with a clear employer, location and way to apply.",
            "Approve a post, or send it back to its poster with a reason they can act on.",
            "Comment on a post for the other reviewers when you are unsure.",
        ),
        how_to_start=(
            "Sign up and verify your email address.",
            f"Write to {TEAM_ADDRESS} saying you would like to review jobs; a team member "
            "gives you the job board reviewers' role.",
            "The review queue then appears in your menu after you log in.",
        ),
        role=roles.JOB_BOARD_REVIEWERS,
    ),
    WayToHelp(
        "keep-the-calendars",
        "Keep the calendars",
        "Moderate submitted events so the Python calendars stay accurate.",
        what_you_do=(
            "Read events that people submit to the Python events and user group calendars.",
            "Publish them, or reject them with a reason the submitter can fix.",
            "Mark user groups whose feeds can be trusted, so their meetups skip the queue.",
        ),
        how_to_start=(
            "Sign up and verify your email address.",
            f"Write to {TEAM_ADDRESS} naming the calendar you would like to keep.",
            "Events waiting for you then appear in your menu after you log in.",
        ),
        role=roles.CALENDAR_VOLUNTEERS,
    ),
    WayToHelp(
        "manage-a-kit",
        "Manage a kit",
        "Look after a region's conference kit: its bookings, shipments and contents.",
        what_you_do=(
            "Approve or decline requests for the kits kept in your region.",
            "Log each shipment with its carrier, tracking number and cost.",
            "Check the kit's contents when it comes back and reorder what ran out.",
        ),
        how_to_start=(
            "Live near where a kit is kept, or offer to keep one at home.",
            f"Write to {TEAM_ADDRESS} saying which region you would like to help in.",
        ),
        role=roles.KIT_MANAGERS,
    ),
    WayToHelp(
        "staff-a-booth",
        "Staff a booth",
        "Stand at the PSF booth at a conference near you and talk to Pythonistas.",
        what_you_do=(
            "Set up the conference kit's booth with the other volunteers.",
            "Tell visitors about the PSF, its grants and its membership.",
            "Pack the kit for its return journey at the end of the conference.",
        ),
        how_to_start=(
            "Find a conference near you on the Python events calendar.",
            f"Write to {TEAM_ADDRESS} naming the conference and the days you can give.",
        ),
    ),
    WayToHelp(
        "become-a-representative",
        "Become a representative",
        "Link the PSF to the Python user groups of your region.",
        what_you_do=(
            "Keep your region's directory of user groups current.",
            "Be the person local organisers ask about grants, kits and the PSF.",
            "Tell the community relations team what your region needs.",
        ),
        how_to_start=(
            "Read about your region on its page.",
            f"Write to {TEAM_ADDRESS} about the region and the groups you know.",
        ),
        role=roles.REGIONAL_REPRESENTATIVES,
    ),
)

BY_SLUG = {way.slug: way for way in WAYS_TO_HELP}
