"""Themes from short answers: clusters documents that are already lists of lemmas, and assigns new ones later.

The input is the output of the text pipeline (``nlp.lemmas``): one list of lemma strings per answer. This package
knows nothing about languages, surface forms or the app; it never reads files, never imports the web app, the
database or other Omtanke packages, and uses only numpy, scipy and scikit-learn. ``pipeline.cluster`` runs the method
below; ``features`` builds the TF-IDF blocks, ``reduction`` holds LSA, the smoothing and the choice of k, and ``model``
the fitted ``ThemeModel`` that assigns new answers.

Method ("lsa-knn-kmeans"):

1. Exact duplicates (the same bag of lemmas) are counted once and carry their count as a weight, so thousands of
   identical answers cost as much as one and pull their theme's centroid by their number. Answers without lemmas
   are ``OTHER``. Fewer than ``FEW`` (5) distinct answers make one theme.
2. Features: TF-IDF of the lemmas (weight 0.5) next to TF-IDF of the character 3-, 4- and 5-grams of the lemmas
   (weight 1), each block with sublinear tf, smooth idf over the distinct answers, terms in at least two distinct
   answers (one below 20 answers), L2 rows. The n-grams join inflections, compounds and typos that the lemma tables
   miss ("ventilationen", "personalbrist"); they are built once per distinct word and summed by a sparse product.
3. LSA: a randomized SVD (``reduction.lsa_components``, two passes over the rows) to 100 dimensions, fitted on at
   most 5,000 distinct answers; rows normalised.
4. Each answer's vector is smoothed with its nearest neighbours (the mean of 10 of them added, renormalised; fewer for
   inputs under 100 answers): a short answer borrows context from answers like it.
5. Number of themes when ``k`` is None: k-means for every k in ``k_range`` on at most 2,000 distinct answers, the
   cosine silhouette of each (from cluster sums, without the pairwise distances), and the smallest k reaching 85 %
   of the best silhouette. Tuned on random subsets of
   3-15 banking77 intents: the plain arg-max splits real themes into near-duplicate groups (chosen k / true k 1.7,
   NMI 0.71-0.74), 80-85 % of the best gives 0.9-1.1 (NMI 0.73-0.77), Calinski-Harabasz did worse (NMI 0.70).
   On fresh subsets (the bench): chosen k / true k 0.90, NMI 0.773 against 0.795 with the true k.
6. Weighted k-means (k-means++, 10 initialisations; 4 when the answers are sampled, above 5,000 distinct ones) on
   the smoothed vectors of at most 5,000 distinct answers; the centroids are then taken in the unsmoothed space and
   every answer goes to the centroid it is most similar to, exactly as ``ThemeModel.assign`` does for new answers.
7. Outliers: an answer whose cosine (in the full feature space) to its nearest centroid is below
   ``OUTLIER_SIMILARITY`` (0.1) is ``OTHER``; so is a new answer with no term or n-gram the model knows. This puts
   1 % of banking77 in ``OTHER`` at k = 77 (4 % at k = 12), and 4-7 % of the long, topic-poor SIB-200/vkk sentences.

Theme ids are ordered by size (weighted by duplicates): 0 is the largest.

Why this method, measured by ``bench/themes_quality.py`` on the same lemma lists (``nlp.lemmas``), k = the true
number of labels, mean of seeds 0-2 (NMI / ARI; sd of NMI ≤ 0.006 on banking77, ≤ 0.024 on the others):

| method | banking77_en (77) | vkk_fi (15) | sib200_sv (7) | sib200_fi (7) | sib200_en (7) |
|---|---|---|---|---|---|
| TF-IDF → KMeans (baseline) | 0.619 / 0.153 | 0.055 / 0.005 | 0.047 / 0.003 | 0.063 / 0.012 | 0.058 / 0.011 |
| TF-IDF → LSA → KMeans | 0.646 / 0.285 | 0.050 / 0.008 | 0.049 / 0.017 | 0.060 / 0.019 | 0.094 / 0.063 |
| TF-IDF → NMF | 0.588 / 0.223 | 0.065 / 0.022 | 0.091 / 0.059 | 0.138 / 0.079 | 0.174 / 0.135 |
| TF-IDF → LSA → Ward | 0.636 / 0.277 | 0.052 / 0.005 | 0.057 / 0.008 | 0.089 / 0.036 | 0.167 / 0.058 |
| GSDMM | 0.545 / 0.168 | 0.077 / 0.039 | 0.126 / 0.100 | 0.149 / 0.115 | 0.197 / 0.152 |
| this, no kNN smoothing | 0.664 / 0.305 | 0.094 / 0.039 | 0.099 / 0.047 | 0.163 / 0.100 | 0.127 / 0.072 |
| this (lsa-knn-kmeans) | 0.669 / 0.313 | 0.117 / 0.045 | 0.175 / 0.107 | 0.196 / 0.105 | 0.179 / 0.118 |

(README reference for TF-IDF → LSA → KMeans on banking77: 0.651 / 0.290; sentence embeddings 0.800 / 0.518.)
It is best on four corpora of five; on SIB-200 English GSDMM is ahead (0.197 vs 0.179 ± 0.018). On banking77, the
main target, it beats the reference by a modest +0.02 NMI / +0.02 ARI: bag-of-words stays far below embeddings.
The character n-grams give most of the gain, the smoothing the rest; tuning LSA dimensions (70-200), n-gram ranges,
word weight (0.3-1), SVD iterations or the number of initialisations moved banking77 by less than ±0.01.
GSDMM collapses banking77's 77 intents into 36-63 clusters and its Gibbs sampling is a Python loop (4 s for 3,000
answers), too slow for 50,000.

Speed: everything runs on one thread (``pipeline.THREADS``; on the shared 2-core machine, BLAS and OpenMP threads
waiting on each other made 50,000 answers take 60 s instead of 8 s), duplicates are free, and LSA, k-means and the
choice of k run on capped samples (5,000 distinct answers; 2,000 to choose k).
The fitted model remembers the projection of every answer it was fitted on, so naming and grouping the themes
afterwards does not featurise them again. 50,000 varied Finnish sentences (23,600 distinct bags of lemmas) cluster
in about 1.7-2.2 s with k chosen (3.4-3.9 s before the sampled k-means took 4 initialisations, the SVD was
computed on the answers' side and the silhouette from cluster sums); end-to-end figures of ``omtanke themes``
against TF-IDF + NMF are in ``docs/performance.md`` (``bench/themes_speed.py``).
"""

from __future__ import annotations

from nlp.clustering.model import OTHER, ThemeModel
from nlp.clustering.pipeline import Clustering, cluster

__all__ = ["OTHER", "Clustering", "ThemeModel", "cluster"]
