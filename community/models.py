# Community models (team, materials, budget) arrive with their issues. The module must
# exist so that post_migrate is sent for this app (see CommunityConfig.ready).
