"""Every figure of the series: the notebooks' and the explorers'. One way to draw each thing.

    images      images side by side (`show_images`, `image_panels`), a table (`show_grid`)
    features    feature maps as one mosaic (`feature_grid`, `feature_mosaic`), Gram matrices
                (`gram_heatmap`, `gram_pairs`)
    curves      loss per evaluation (`loss_curves`), a figure that updates during a run (`LiveView`)

The `show_...`, `feature_grid`, `gram_heatmap` and `loss_curves` functions draw with pyplot:
with show=True (the default) the figure is displayed and None is returned (so a notebook cell
shows it once); with show=False the Figure is returned, for tests or for saving.
`image_panels`, `feature_mosaic` and `gram_pairs` return a bare matplotlib Figure (no pyplot,
so nothing stays open): the explorers show these as PNGs. Both kinds are drawn by the same code.
"""

from .curves import LiveView, loss_curves
from .features import feature_grid, feature_mosaic, gram_heatmap, gram_pairs
from .images import image_panels, show_grid, show_images

__all__ = ["LiveView", "loss_curves", "feature_grid", "feature_mosaic", "gram_heatmap",
           "gram_pairs", "image_panels", "show_grid", "show_images"]
